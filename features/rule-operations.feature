Feature: Risk officers change policy by editing the rules folder
  Risk officers own the rules folder. They change policy by editing its DRL files and tables —
  no Java, no rebuild — validate the change, reload it, see which rule decided what, and roll a
  change back. A reloaded folder is a proposal until another risk officer approves it; only then is
  it in force. The service refuses a broken rule set and keeps serving the one in force.

  These scenarios edit the rules folder of the service under test. The shipped rules are the rules
  it has in force when they begin; every file they edit is put back as they found it after each
  scenario, and after an interrupted run as soon as the features run again.

  Background:
    Given the rules in force are the shipped rules
    And a platform asks whether 900 USDT may be removed from an isolated 1 BTCUSDT long at 20,000 backed by 1,000 USDT at a mark price of 20,000
    And the removal is allowed under the rule set in force

  Rule: A reloaded folder changes decisions and the revision once another risk officer approves it

    Scenario: Removals must leave the initial margin covered instead of the maintenance margin
      When the risk officer edits "isolated-margin.drl" so that removing margin must leave the initial margin covered, and example E4 to expect the removal denied
      And the risk officer reloads the rules
      Then the reload opens a proposal by the risk officer, waiting for one approval
      And the rule set shows the reload waiting for its approval
      And the rules in force are still the shipped rules
      And the same removal is still allowed
      When the approver approves the proposal
      Then the new rules are in force under a new revision
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"
      And the decision names the new revision
      And the revisions record the risk officer's reload, approved by the approver, with "examples/isolated-margin.csv" and "isolated-margin.drl" modified

  Rule: A broken rule set is refused and the rules in force keep serving

    Scenario: A missing parenthesis is refused with its file and line
      When the risk officer deletes a closing parenthesis in "isolated-margin.drl"
      And the risk officer reloads the rules
      Then the reload is refused with an error in "isolated-margin.drl" at a line of that file
      And the refusal names the invalid proposal the folder is kept as
      And the rules in force are still the shipped rules
      And the same removal is still allowed
      And the rule set shows the refused reload with its error

    Scenario: Validating a candidate shows its errors and activates nothing
      When the risk officer validates a candidate "isolated-margin.drl" with a closing parenthesis missing
      Then the candidate is reported invalid with an error in "isolated-margin.drl" at a line of that file
      And the rules in force are still the shipped rules

  Rule: The impact of a candidate is shown before anyone activates it

    Scenario: Replaying the latest decisions against a tightened removal rule
      When the risk officer asks for the impact of requiring the initial margin on removals, over the latest 5 decisions
      Then the impact report shows the platform's removal flipping from ALLOW to DENY
      And the rules in force are still the shipped rules

  Rule: A rollback to the shipped revision restores the earlier decisions, without a new approval

    Scenario: Rolling back to the shipped revision after tightening the removal rule
      Given the risk officer has tightened the removal rule to the initial margin and reloaded, and the approver approved
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"
      When the risk officer rolls back to the shipped revision
      Then the rules in force are the shipped rules again
      And the same removal is allowed again
      And the rules folder holds the shipped text of "isolated-margin.drl" again
