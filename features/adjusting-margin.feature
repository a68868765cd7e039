Feature: Adjusting the margin of an isolated position
  In Isolated Margin mode the margin of a position is not fixed after opening: the trader can add
  margin to it or remove margin from it, which changes its estimated liquidation price and its risk.
  When a position is approaching its estimated liquidation price, adding margin reduces the risk of
  liquidation: the position's margin balance increases, the liquidation price moves in a more
  favourable direction, and the added funds come from the available balance of the cross-margin
  account. When a position is sufficiently profitable, or to free up funds, margin can be removed: the
  liquidation price moves in a less favourable direction, the system verifies that the remaining
  margin still meets the maintenance margin requirement and rejects the request if it does not, and
  the removed margin returns to the cross-margin account. Removing margin directly increases the
  liquidation risk of the position. Only an isolated position has margin of its own to adjust.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 20,000     |
      | ETHUSDT | 3,000      |
    And alice has a Unified Account holding 10,000 USDT in the cross wallet
    And alice has chosen Isolated margin for BTCUSDT

  Rule: Added margin is sourced from the available balance of the cross-margin account

    Scenario Outline: Adding margin moves the liquidation price away from the mark price
      Given alice holds a <side> position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice adds 1,000 USDT of margin to the BTCUSDT position
      Then the margin addition is allowed
      And the margin addition moves 1,000 USDT from the cross wallet into the position
      And the margin addition shows the position before and after:
        | figure             | before   | after   |
        | isolated margin    | 1,000    | 2,000   |
        | margin balance     | 1,000    | 2,000   |
        | maintenance margin | 80       | 80      |
        | risk ratio         | 8 %      | 4 %     |
        | liquidation price  | <before> | <after> |
      And alice's BTCUSDT position is:
        | side   | quantity | entry price | leverage | isolated margin | liquidation price |
        | <side> | 1        | 20,000      | 20x      | 2,000           | <after>           |
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 8,000       | 8,000        | 8,000        |

      Examples: a long's liquidation price falls, a short's rises
        | side  | before          | after           |
        | long  | 19,076.30522088 | 18,072.28915663 |
        | short | 20,916.33466135 | 21,912.35059761 |

    Scenario Outline: The whole transferable balance can be added; one unit more cannot
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice adds <amount> USDT of margin to the BTCUSDT position
      Then the margin addition is <outcome> under this rule
      And alice's BTCUSDT position is:
        | isolated margin   |
        | <isolated margin> |
      And alice's cross account shows:
        | wallet USDT | transferable   |
        | <wallet>    | <transferable> |

      Examples: 9,000 left in the cross wallet, all of it transferable
        | amount         | outcome                                | isolated margin | wallet | transferable |
        | 9,000          | allowed                                | 10,000          | 0      | 0            |
        | 9,000.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 1,000           | 9,000  | 9,000        |

    Scenario Outline: Margin that the cross positions need is not transferable
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice holds a long position of 10 ETHUSDT at 3,000 with 10x leverage
      When alice adds <amount> USDT of margin to the BTCUSDT position
      Then the margin addition is <outcome> under this rule
      And alice's BTCUSDT position is:
        | isolated margin   |
        | <isolated margin> |
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable   |
        | <wallet>    | 3,000                | <transferable> |

      Examples: 9,000 in the cross wallet, 3,000 of it needed by the cross ETHUSDT position
        | amount         | outcome                                | isolated margin | wallet | transferable |
        | 6,000          | allowed                                | 7,000           | 3,000  | 0            |
        | 6,000.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 1,000           | 9,000  | 6,000        |

  Rule: Removing margin must leave the maintenance margin covered

    Scenario Outline: Removed margin returns to the cross wallet and brings the liquidation price toward the mark price
      Given alice holds a <side> position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice removes 900 USDT of margin from the BTCUSDT position
      Then the margin removal is allowed
      And the margin removal returns 900 USDT from the position to the cross wallet
      And the margin removal shows the position before and after:
        | figure             | before   | after   |
        | isolated margin    | 1,000    | 100     |
        | margin balance     | 1,000    | 100     |
        | maintenance margin | 80       | 80      |
        | liquidation price  | <before> | <after> |
      And alice's BTCUSDT position is:
        | isolated margin | liquidation price |
        | 100             | <after>           |
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 9,900       | 9,900        | 9,900        |

      Examples: E4, a remaining margin balance of 100 above the maintenance margin of 80
        | side  | before          | after           |
        | long  | 19,076.30522088 | 19,979.91967871 |
        | short | 20,916.33466135 | 20,019.92031873 |

    Scenario: A removal that leaves less than the maintenance margin is rejected
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice removes 921 USDT of margin from the BTCUSDT position
      Then the margin removal is denied with MAINTENANCE_MARGIN_BREACH under this rule
      And the margin removal shows the position before and after:
        | figure             | before | after        |
        | margin balance     | 1,000  | 79           |
        | maintenance margin | 80     | 80           |
        | risk ratio         | 8 %    | 101.265823 % |
      And alice's BTCUSDT position is:
        | isolated margin | liquidation price |
        | 1,000           | 19,076.30522088   |
      And alice's cross wallet holds 9,000 USDT

    Scenario Outline: A removal that would bring the risk ratio to exactly 100 % is rejected; one unit less is not
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice removes <amount> USDT of margin from the BTCUSDT position
      Then the margin removal is <outcome> under this rule
      And the margin removal shows the position before and after:
        | figure             | before | after                  |
        | margin balance     | 1,000  | <margin balance after> |
        | maintenance margin | 80     | 80                     |
      And alice's BTCUSDT position is:
        | isolated margin   |
        | <isolated margin> |
      And alice's cross wallet holds <wallet> USDT

      Examples: a margin balance after equal to the maintenance margin of 80: a risk ratio of 100 %
        | amount | outcome                               | margin balance after | isolated margin | wallet |
        | 920    | denied with MAINTENANCE_MARGIN_BREACH | 80                   | 1,000           | 9,000  |

      Examples: one unit of 0.00000001 less removed
        | amount       | outcome | margin balance after | isolated margin | wallet         |
        | 919.99999999 | allowed | 80.00000001          | 80.00000001     | 9,919.99999999 |

  Rule: Removing margin cannot take more than the position's isolated margin

    Scenario Outline: Even a profitable position releases at most its isolated margin
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And the mark price of BTCUSDT is 30,000
      When alice removes <amount> USDT of margin from the BTCUSDT position
      Then the margin removal is <outcome> under this rule
      And alice's BTCUSDT position is:
        | isolated margin   | unrealized PnL | margin balance   |
        | <isolated margin> | 10,000         | <margin balance> |
      And alice's cross wallet holds <wallet> USDT

      Examples: an isolated margin of 1,000 and an unrealized profit of 10,000
        | amount         | outcome                                    | isolated margin | margin balance | wallet |
        | 1,000          | allowed                                    | 0               | 10,000         | 10,000 |
        | 1,000.00000001 | denied with REMOVE_EXCEEDS_ISOLATED_MARGIN | 1,000           | 11,000         | 9,000  |

  Rule: Removing margin directly increases the liquidation risk of the position

    Scenario: The preview shows the higher risk ratio and the closer liquidation price before anything moves
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice previews removing 900 USDT of margin from the BTCUSDT position
      Then the margin removal is allowed
      And the margin removal would return 900 USDT from the position to the cross wallet
      And the margin removal shows the position before and after:
        | figure             | before          | after           |
        | mark price         | 20,000          | 20,000          |
        | isolated margin    | 1,000           | 100             |
        | margin balance     | 1,000           | 100             |
        | maintenance margin | 80              | 80              |
        | risk ratio         | 8 %             | 80 %            |
        | liquidation price  | 19,076.30522088 | 19,979.91967871 |
      And alice's BTCUSDT position is:
        | isolated margin | risk ratio | liquidation price |
        | 1,000           | 8 %        | 19,076.30522088   |
      And alice's cross wallet holds 9,000 USDT

  Rule: Only a position in Isolated Margin mode has its own margin to adjust

    Scenario Outline: A cross position shares the cross wallet and has no margin of its own
      Given alice holds a long position of 1 ETHUSDT at 3,000 with 10x leverage
      When alice <adjusts> the ETHUSDT position
      Then the <decision> is denied with NOT_ISOLATED under this rule
      And alice's ETHUSDT position is:
        | mode  | isolated margin |
        | Cross | none            |
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 10,000      | 300                  | 9,700        |

      Examples:
        | adjusts                         | decision        |
        | adds 100 USDT of margin to      | margin addition |
        | removes 100 USDT of margin from | margin removal  |

  Rule: Margin can only be adjusted on an open position

    Scenario Outline: Without a position there is no margin to adjust
      When alice <adjusts> the BTCUSDT position
      Then the <decision> is denied with NO_POSITION under this rule
      And alice holds no BTCUSDT position
      And alice's cross wallet holds 10,000 USDT

      Examples:
        | adjusts                         | decision        |
        | adds 100 USDT of margin to      | margin addition |
        | removes 100 USDT of margin from | margin removal  |

    Scenario: A closed position's margin is back in the cross wallet, with nothing left to adjust
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice closes the BTCUSDT position
      When alice removes 100 USDT of margin from the BTCUSDT position
      Then the margin removal is denied with NO_POSITION under this rule
      And alice's cross wallet holds 10,000 USDT

  Rule: The amount of margin to add or remove must be positive

    Scenario Outline: Zero or a negative amount is refused as invalid input, before any policy decision
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice asks to <adjust> the BTCUSDT position
      Then the request is refused as invalid for its amount, without a decision
      And alice's BTCUSDT position is:
        | isolated margin |
        | 1,000           |
      And alice's cross wallet holds 9,000 USDT

      Examples:
        | adjust                          |
        | add 0 USDT of margin to         |
        | add -100 USDT of margin to      |
        | remove 0 USDT of margin from    |
        | remove -100 USDT of margin from |

    Scenario: The smallest unit of 0.00000001 is an amount like any other
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice adds 0.00000001 USDT of margin to the BTCUSDT position
      Then the margin addition is allowed
      And alice's BTCUSDT position is:
        | isolated margin |
        | 1,000.00000001  |
      And alice's cross wallet holds 8,999.99999999 USDT
