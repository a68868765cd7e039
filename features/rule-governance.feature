Feature: A second risk officer approves every change of policy
  No single person changes the policy of the exchange. A risk officer proposes a change with a
  reason; the proposal shows what it changes, line by line, whether the candidate compiles and
  passes the self-test, and whether the policy examples kept beside the rules still hold: the
  documentation's worked examples and at least one example of every rule. Another risk officer
  approves it, and only then is it in force, on every node, recorded with its reason and who approved
  it. The proposer cannot approve their own proposal, and a proposal that does not compile or breaks
  an example can never be approved.

  An edit of the rules folder that the service notices by itself was signed by nobody: any risk
  officer, an approver too, may have saved it, so it needs one approval more. A rollback to a
  revision once approved, or to the shipped one, needs no new approval.

  These scenarios propose changes to the rules of the service under test, which requires one
  approval and watches its rules folder; whatever they put in force is rolled back to the shipped
  rules after each scenario.

  Background:
    Given the rules in force are the shipped rules
    And a platform asks whether 900 USDT may be removed from an isolated 1 BTCUSDT long at 20,000 backed by 1,000 USDT at a mark price of 20,000
    And the removal is allowed under the rule set in force

  Rule: A change is in force only once another risk officer approves it

    Scenario: The approver puts a tightened removal rule in force
      When the risk officer proposes that removing margin must leave the initial margin covered, with example E4 now denied, because "Removals must keep the initial margin covered"
      Then the proposal is open, waiting for one approval
      And the proposal shows "isolated-margin.drl" changed, the maintenance rule replaced by the initial one
      And the proposal compiles and passes the self-test
      And every policy example passes on the proposal, example E4 now expecting a denial
      And the proposal's impact shows the platform's removal turning from allowed to denied
      And the same removal is still allowed
      When the approver approves the proposal
      Then the proposal is approved and its revision is in force
      And every node serves the new revision
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"
      And the revisions record the proposal with its reason, approved by the approver

  Rule: A proposer does not approve their own proposal

    Scenario: The risk officer tries to approve their own proposal
      When the risk officer proposes that removing margin must leave the initial margin covered, with example E4 now denied, because "Tighten removals"
      And the risk officer approves the proposal
      Then the approval is refused under the rule "A proposer does not approve their own proposal"
      And the proposal is open, waiting for one approval
      And the rules in force are still the shipped rules
      And the same removal is still allowed

  Rule: A proposal that does not compile can never be approved

    Scenario: A missing parenthesis makes the proposal invalid
      When the risk officer proposes "isolated-margin.drl" with a closing parenthesis missing
      Then the proposal is invalid with an error in "isolated-margin.drl" at a line of that file
      When the approver approves the proposal
      Then the approval is refused because the proposal is invalid
      And the rules in force are still the shipped rules

  Rule: A change the service notices in its rules folder needs two approvals

    Scenario: The risk officer saves a tightened removal rule without reloading
      When the risk officer edits "isolated-margin.drl" so that removing margin must leave the initial margin covered, and example E4 to expect the removal denied
      Then the service proposes the edit on its own, waiting for two approvals
      And the rules in force are still the shipped rules
      When the approver approves the proposal
      Then the proposal is still open, with one of its two approvals
      And the same removal is still allowed
      When the risk officer approves the proposal
      Then the proposal is approved and its revision is in force
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"

  Rule: A rollback to a revision once approved needs no new approval

    Scenario: Putting the approved tightening back in force after rolling it back
      Given the approver has put the risk officer's tightened removal rule in force
      And the risk officer has rolled back to the shipped revision
      When the risk officer rolls back to the approved revision
      Then the approved revision is in force again, recorded with the approval it once had
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"

  Rule: A change that breaks a policy example can never be approved

    Scenario: Tightening the removal rule while example E4 still expects the removal allowed
      When the risk officer proposes that removing margin must leave the initial margin covered, leaving the examples as they are
      Then the proposal is invalid: example "E4: removing 900 leaves 100, above the maintenance margin of 80" of "examples/isolated-margin.csv" expected ALLOW and got DENY
      When the approver approves the proposal
      Then the approval is refused because the proposal is invalid
      And the rules in force are still the shipped rules

  Rule: Every rule of the policy is pinned by an example

    Scenario: The shipped examples pass and fire every rule
      When the risk officer runs the policy examples of the rules in force
      Then every example passes
      And no rule goes without an example that fires it

  Rule: A shadow shows what a proposal would change on live decisions, without changing any answer

    Scenario: A shadow counts what would flip
      When the risk officer proposes that removing margin must leave the initial margin covered, with example E4 now denied, because "Removals must keep the initial margin covered"
      And the risk officer shadows the proposal
      And the platform asks twice more whether the same 900 USDT may be removed
      And the platform asks whether 2,000 USDT may be removed from the same position
      Then the removals of 900 USDT are still allowed and the removal of 2,000 USDT is denied with REMOVE_EXCEEDS_ISOLATED_MARGIN
      And the shadow counts 3 decisions: 1 decided the same, 2 that would turn from allowed to denied with MAINTENANCE_MARGIN_BREACH
      And the shadow shows a removal of 900 USDT as an example of what would turn, under the rule "Removing margin must leave the initial margin covered"
      When the risk officer withdraws the proposal
      Then the shadow has stopped because the proposal is withdrawn, and still shows its 3 decisions
