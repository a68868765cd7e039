Feature: Risk officers change policy by editing the rules folder
  Risk officers own the rules folder. They change policy by editing its DRL files and tables —
  no Java, no rebuild — validate the change, reload it into the running service, see which rule
  decided what, and roll a change back. The service refuses a broken rule set and keeps serving
  the one in force.

  These scenarios edit the rules folder of the service under test. The shipped rules are the rules
  it has in force when they begin; every file they edit is put back as they found it after each
  scenario, and after an interrupted run as soon as the features run again.

  Background:
    Given the rules in force are the shipped rules
    And a platform asks whether 900 USDT may be removed from an isolated 1 BTCUSDT long at 20,000 backed by 1,000 USDT at a mark price of 20,000
    And the removal is allowed under the rule set in force

  Rule: Tightening a rule and reloading changes decisions and the revision

    Scenario: Removals must leave the initial margin covered instead of the maintenance margin
      When the risk officer edits "isolated-margin.drl" so that removing margin must leave the initial margin covered
      And the risk officer reloads the rules
      Then the new rules are in force under a new revision
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"
      And the decision names the new revision
      And the revisions record the reload by the risk officer, with "isolated-margin.drl" modified

  Rule: A broken rule set is refused and the rules in force keep serving

    Scenario: A missing parenthesis is refused with its file and line
      When the risk officer deletes a closing parenthesis in "isolated-margin.drl"
      And the risk officer reloads the rules
      Then the reload is refused with an error in "isolated-margin.drl" at a line of that file
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

  Rule: A rollback restores the earlier decisions

    Scenario: Rolling back to the shipped revision after tightening the removal rule
      Given the risk officer has tightened the removal rule to the initial margin and reloaded
      And the same removal is now denied with MAINTENANCE_MARGIN_BREACH under the rule "Removing margin must leave the initial margin covered"
      When the risk officer rolls back to the shipped revision
      Then the rules in force are the shipped rules again
      And the same removal is allowed again
      And the rules folder holds the shipped text of "isolated-margin.drl" again
