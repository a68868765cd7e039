Feature: Adjusting the leverage of an isolated position
  In Isolated Margin mode the leverage of a position can still be adjusted after opening it.
  Adjusting leverage does not change the position size or the position value, but may change the
  required margin and the estimated liquidation price; the system shows a preview of both first.
  Reducing leverage means the same position needs more margin to sustain it: position margin =
  position value / leverage. What the isolated margin plus the unrealized PnL does not cover is
  transferred automatically from the cross-margin account, so the liquidation price may become safer,
  while the cross-margin account's balance may fall and its risk ratio rise. If the transferable
  balance of the cross-margin account cannot cover the difference, the adjustment cannot be
  completed; if the cross-margin account already has a high risk ratio, proceed with caution.
  Increasing leverage lowers the calculated required margin, but the margin already allocated to the
  position neither decreases nor returns to the cross-margin account: the liquidation price stays
  where it is and the cross-margin account is not affected. The leverage never exceeds the maximum of
  the position's risk-limit tier, and a cross position's leverage is bounded by the margin of the
  cross account.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 20,000     |
      | ETHUSDT | 3,000      |
    And alice has a Unified Account holding 10,000 USDT in the cross wallet
    And alice has chosen Isolated margin for BTCUSDT

  Rule: Reducing leverage needs the transferable cross balance to cover the required margin difference

    Scenario: Reducing leverage tops the position's margin up from the cross wallet
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice changes the BTCUSDT leverage to 10x
      Then the leverage change is allowed
      And the leverage change moves 1,000 USDT from the cross wallet into the position
      And the leverage change shows the position before and after:
        | figure            | before          | after           |
        | leverage          | 20x             | 10x             |
        | quantity          | 1               | 1               |
        | entry price       | 20,000          | 20,000          |
        | position value    | 20,000          | 20,000          |
        | required margin   | 1,000           | 2,000           |
        | isolated margin   | 1,000           | 2,000           |
        | liquidation price | 19,076.30522088 | 18,072.28915663 |
      And alice's BTCUSDT position is:
        | quantity | entry price | leverage | position value | isolated margin | liquidation price |
        | 1        | 20,000      | 10x      | 20,000         | 2,000           | 18,072.28915663   |
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 8,000       | 8,000        | 8,000        |

    Scenario Outline: The isolated margin plus the unrealized PnL counts towards the new required margin
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice changes the BTCUSDT leverage to 10x
      Then the leverage change is allowed
      And the leverage change moves <moved> USDT from the cross wallet into the position
      And the leverage change shows the position before and after:
        | figure            | before           | after                  |
        | position value    | <position value> | <position value>       |
        | unrealized PnL    | <pnl>            | <pnl>                  |
        | required margin   | <required>       | <required after>       |
        | isolated margin   | 1,000            | <isolated margin>      |
        | margin balance    | <balance>        | <balance after>        |
        | liquidation price | 19,076.30522088  | <liquidation price>    |
      And alice's cross wallet holds <wallet> USDT

      Examples: an unrealized loss adds to what must be transferred
        | mark price | position value | pnl  | required | required after | moved | isolated margin | balance | balance after | liquidation price | wallet |
        | 19,500     | 19,500         | -500 | 975      | 1,950          | 1,450 | 2,450           | 500     | 1,950         | 17,620.48192771   | 7,550  |

      Examples: without unrealized PnL the difference is the whole increase of the required margin
        | mark price | position value | pnl | required | required after | moved | isolated margin | balance | balance after | liquidation price | wallet |
        | 20,000     | 20,000         | 0   | 1,000    | 2,000          | 1,000 | 2,000           | 1,000   | 2,000         | 18,072.28915663   | 8,000  |

      Examples: an unrealized profit covers part of the new required margin, or all of it
        | mark price | position value | pnl   | required | required after | moved | isolated margin | balance | balance after | liquidation price | wallet |
        | 21,000     | 21,000         | 1,000 | 1,050    | 2,100          | 100   | 1,100           | 2,000   | 2,100         | 18,975.90361446   | 8,900  |
        | 22,000     | 22,000         | 2,000 | 1,100    | 2,200          | 0     | 1,000           | 3,000   | 3,000         | 19,076.30522088   | 9,000  |

    Scenario: Reducing leverage lowers the cross balance and may raise the cross risk ratio
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice holds a long position of 7.5 ETHUSDT at 3,000 with 10x leverage
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | cross maintenance margin | transferable | cross risk ratio |
        | 9,000       | 9,000        | 2,250                | 90                       | 6,750        | 1 %              |
      When alice changes the BTCUSDT leverage to 5x
      Then the leverage change is allowed
      And the leverage change moves 3,000 USDT from the cross wallet into the position
      And the leverage change shows a cross risk ratio of 1 % before and 1.5 % after
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | cross maintenance margin | transferable | cross risk ratio |
        | 6,000       | 6,000        | 2,250                | 90                       | 3,750        | 1.5 %            |

    Scenario: The preview shows the margin and liquidation price changes before anything moves
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When alice previews changing the BTCUSDT leverage to 10x
      Then the leverage change is allowed
      And the leverage change would move 1,000 USDT from the cross wallet into the position
      And the leverage change shows the position before and after:
        | figure            | before          | after           |
        | required margin   | 1,000           | 2,000           |
        | isolated margin   | 1,000           | 2,000           |
        | liquidation price | 19,076.30522088 | 18,072.28915663 |
      And alice's BTCUSDT position is:
        | leverage | isolated margin | liquidation price |
        | 20x      | 1,000           | 19,076.30522088   |
      And alice's cross wallet holds 9,000 USDT

    Scenario Outline: The transferable balance must cover the whole difference, to the smallest unit
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice changes the BTCUSDT leverage to 2x
      Then the leverage change is <outcome> under this rule
      And the leverage change would move <difference> USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | leverage   | isolated margin   |
        | <leverage> | <isolated margin> |
      And alice's cross account shows:
        | wallet USDT | transferable   |
        | <wallet>    | <transferable> |

      Examples: a difference of 9,000 against a transferable balance of 9,000
        | mark price | difference | outcome | leverage | isolated margin | wallet | transferable |
        | 20,000     | 9,000      | allowed | 2x       | 10,000          | 0      | 0            |

      Examples: a difference of 9,000.00000001, one unit of 0.00000001 more
        | mark price      | difference     | outcome                                | leverage | isolated margin | wallet | transferable |
        | 19,999.99999998 | 9,000.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 20x      | 1,000           | 9,000  | 9,000        |

      Examples: a difference of 9,000.000000005, rounded up to 9,000.00000001
        | mark price      | difference     | outcome                                | leverage | isolated margin | wallet | transferable |
        | 19,999.99999999 | 9,000.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 20x      | 1,000           | 9,000  | 9,000        |

  Rule: If your cross-margin account already has a high risk ratio, please proceed with caution

    Scenario Outline: A cross risk ratio of 50 % or more before the change draws a caution, which does not block it
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice has added <added> USDT of margin to the BTCUSDT position
      And alice holds a long position of 10 ETHUSDT at 3,000 with 10x leverage
      And the mark price of ETHUSDT is 2,500
      And alice's cross account shows:
        | wallet USDT | cross equity | cross maintenance margin | cross risk ratio |
        | <wallet>    | <equity>     | 100                      | <ratio>          |
      When alice changes the BTCUSDT leverage to 5x
      Then the leverage change is allowed
      And the leverage change moves 0 USDT from the cross wallet into the position
      And the leverage change shows a cross risk ratio of <ratio> before and <ratio> after
      And the leverage change comes with <caution> under this rule
      And alice's BTCUSDT position is:
        | leverage | isolated margin |
        | 5x       | <margin>        |

      Examples: a cross risk ratio of exactly 50 %: a cross equity of 200, twice the cross maintenance margin of 100
        | added | margin | wallet | equity | ratio | caution                           |
        | 3,800 | 4,800  | 5,200  | 200    | 50 %  | the caution CROSS_RISK_RATIO_HIGH |

      Examples: below 50 %
        | added | margin | wallet | equity | ratio | caution    |
        | 3,750 | 4,750  | 5,250  | 250    | 40 %  | no caution |

      Examples: one unit of 0.00000001 more cross equity: a ratio of 49.9999999975 %, shown rounded as 50 %
        | added          | margin         | wallet         | equity       | ratio | caution    |
        | 3,799.99999999 | 4,799.99999999 | 5,200.00000001 | 200.00000001 | 50 %  | no caution |

    Scenario Outline: A change that would bring the cross risk ratio to 50 % draws the caution too
      Given alice holds a long position of 4.88 BTCUSDT at 20,000 with 20x leverage
      And alice holds a long position of 10 ETHUSDT at 3,000 with 125x leverage
      And alice's cross account shows:
        | wallet USDT | cross initial margin | cross maintenance margin | transferable | cross risk ratio |
        | 5,120       | 240                  | 120                      | 4,880        | 2.34375 %        |
      When alice changes the BTCUSDT leverage to <leverage>
      Then the leverage change is allowed
      And the leverage change moves <moved> USDT from the cross wallet into the position
      And the leverage change shows a cross risk ratio of 2.34375 % before and <ratio after> after
      And the leverage change comes with <caution> under this rule
      And alice's cross account shows:
        | wallet USDT | cross equity | cross risk ratio |
        | <wallet>    | <wallet>     | <ratio after>    |

      Examples: the whole transferable balance moves, leaving a cross equity of 240 against a maintenance margin of 120
        | leverage | moved | wallet | ratio after | caution                           |
        | 10x      | 4,880 | 240    | 50 %        | the caution CROSS_RISK_RATIO_HIGH |

      Examples: a smaller reduction keeps the cross risk ratio below 50 %
        | leverage | moved | wallet | ratio after | caution    |
        | 12.2x    | 3,120 | 2,000  | 6 %         | no caution |

    Scenario: Increasing leverage draws no caution, however high the cross risk ratio
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice has added 3,800 USDT of margin to the BTCUSDT position
      And alice holds a long position of 10 ETHUSDT at 3,000 with 10x leverage
      And the mark price of ETHUSDT is 2,500
      When alice changes the BTCUSDT leverage to 25x
      Then the leverage change is allowed
      And the leverage change shows a cross risk ratio of 50 % before and 50 % after
      And the leverage change comes with no caution under this rule

  Rule: Increasing leverage keeps the position's margin, its liquidation price and the cross-margin account unchanged

    Scenario: Raising the leverage from 20x to 50x releases nothing
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice holds a long position of 7.5 ETHUSDT at 3,000 with 10x leverage
      When alice changes the BTCUSDT leverage to 50x
      Then the leverage change is allowed
      And the leverage change moves 0 USDT from the cross wallet into the position
      And the leverage change shows the position before and after:
        | figure            | before          | after           |
        | leverage          | 20x             | 50x             |
        | quantity          | 1               | 1               |
        | position value    | 20,000          | 20,000          |
        | required margin   | 1,000           | 400             |
        | isolated margin   | 1,000           | 1,000           |
        | liquidation price | 19,076.30522088 | 19,076.30522088 |
      And the leverage change shows a cross risk ratio of 1 % before and 1 % after
      And alice's BTCUSDT position is:
        | leverage | isolated margin | liquidation price |
        | 50x      | 1,000           | 19,076.30522088   |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable | cross risk ratio |
        | 9,000       | 9,000        | 2,250                | 6,750        | 1 %              |

    Scenario: Lowering the leverage again transfers only what the held margin does not cover
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice has changed the BTCUSDT leverage to 50x
      When alice changes the BTCUSDT leverage to 10x
      Then the leverage change is allowed
      And the leverage change moves 1,000 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | leverage | isolated margin |
        | 10x      | 2,000           |
      And alice's cross wallet holds 8,000 USDT

  Rule: Leverage cannot exceed the maximum of the current position value's risk-limit tier

    Scenario Outline: Leverage exactly at the tier's maximum is allowed; above it is not
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice changes the BTCUSDT leverage to <leverage>
      Then the leverage change is <outcome> under this rule
      And the leverage change moves 0 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | leverage | isolated margin |
        | <held>   | 1,000           |

      Examples: tier 1, a position value up to 50,000 at the mark price, at most 125x
        | mark price | leverage | outcome                                 | held |
        | 20,000     | 125x     | allowed                                 | 125x |
        | 20,000     | 126x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT | 20x  |
        | 50,000     | 125x     | allowed                                 | 125x |

      Examples: tier 2, a position value above 50,000 up to 600,000, at most 100x
        | mark price | leverage | outcome                                 | held |
        | 50,000.01  | 125x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT | 20x  |
        | 50,000.01  | 100x     | allowed                                 | 100x |
        | 50,000.01  | 101x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT | 20x  |

    Scenario Outline: Without a position the first tier's maximum applies, and the next position takes the leverage chosen
      When alice changes the BTCUSDT leverage to <leverage>
      And alice opens a long position of 1 BTCUSDT at 20,000 without choosing a leverage
      Then the leverage change is <outcome> under this rule
      And alice's BTCUSDT position is:
        | leverage | isolated margin |
        | <held>   | <margin>        |

      Examples:
        | leverage | outcome                                 | held | margin |
        | 125x     | allowed                                 | 125x | 160    |
        | 126x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT | 20x  | 1,000  |

  Rule: Cross leverage is limited by the total margin of the cross account

    Scenario Outline: A cross position's initial margin may reach the cross equity but not exceed it
      Given alice holds a long position of 10 ETHUSDT at 3,000 with 10x leverage
      When alice changes the ETHUSDT leverage to <leverage>
      Then the leverage change is <outcome> under this rule
      And the leverage change moves 0 USDT from the cross wallet into the position
      And alice's ETHUSDT position is:
        | mode  | leverage | isolated margin |
        | Cross | <held>   | none            |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin   | transferable   |
        | 10,000      | 10,000       | <cross initial margin> | <transferable> |

      Examples: a cross initial margin of 10,000 against a cross equity of 10,000
        | leverage | outcome | held | cross initial margin | transferable |
        | 3x       | allowed | 3x   | 10,000               | 0            |

      Examples: a cross initial margin of 10,000.00003333
        | leverage    | outcome                               | held | cross initial margin | transferable |
        | 2.99999999x | denied with INSUFFICIENT_CROSS_MARGIN | 10x  | 3,000                | 7,000        |

      Examples: raising a cross position's leverage frees cross margin
        | leverage | outcome | held | cross initial margin | transferable |
        | 20x      | allowed | 20x  | 1,500                | 8,500        |
