Feature: Cross Margin compared with Isolated Margin
  In Cross Margin mode all positions draw on all the available margin of the cross-margin account:
  profits from one position can offset losses from others, and a loss can take the total margin of
  the cross-margin account. In Isolated Margin mode margin is allocated independently to each
  position: the PnL of each position is independent, and the maximum loss is limited to the margin
  allocated to that position, without touching the other funds or positions of the Unified Account.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 20,000     |
      | ETHUSDT | 3,000      |
    And alice has a Unified Account holding 10,000 USDT in the cross wallet

  Rule: The maximum loss of an isolated position is the margin allocated to that position

    Scenario Outline: Closing an isolated position short of its liquidation price returns what is left of its margin
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a <side> position of 1 BTCUSDT at 20,000 with 20x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice closes the BTCUSDT position
      Then alice holds no BTCUSDT position
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | <wallet>    | <wallet>     | <wallet>     |

      Examples: a loss of 500 comes out of the margin of 1,000, which returns 500 to the cross wallet of 9,000
        | side  | mark price | wallet |
        | long  | 19,500     | 9,500  |
        | short | 20,500     | 9,500  |

      Examples: a loss of 900, just short of the liquidation prices of 19,076.31 and 20,916.33, returns the last 100
        | side  | mark price | wallet |
        | long  | 19,100     | 9,100  |
        | short | 20,900     | 9,100  |

    Scenario Outline: A position that reaches its liquidation price is liquidated, and the loss stops at its margin
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a <side> position of 1 BTCUSDT at 20,000 with 20x leverage
      When the mark price of BTCUSDT is <mark price>
      Then the mark price change brings about:
        | event                | trader | symbol  | side   | margin forfeited | realized PnL |
        | isolated liquidation | alice  | BTCUSDT | <side> | 1,000            | <loss>       |
      And alice holds no BTCUSDT position
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 9,000       | 9,000        | 9,000        |

      Examples: a loss of 1,000 takes the whole margin
        | side  | mark price | loss   |
        | long  | 19,000     | -1,000 |
        | short | 21,000     | -1,000 |

      Examples: a loss of 10,000, far past the liquidation price, takes nothing from the cross wallet
        | side  | mark price | loss    |
        | long  | 10,000     | -10,000 |
        | short | 30,000     | -10,000 |

    Scenario: A liquidated isolated position leaves the cross wallet and the other positions untouched
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      And alice holds a long position of 1 ETHUSDT at 3,000 with 10x leverage
      When the mark price of BTCUSDT is 10,000
      Then the mark price change brings about:
        | event                | trader | symbol  | margin forfeited | realized PnL |
        | isolated liquidation | alice  | BTCUSDT | 1,000            | -10,000      |
      And alice's positions are:
        | symbol  | mode  | quantity | isolated margin | unrealized PnL | margin balance |
        | ETHUSDT | Cross | 1        | none            | 0              | 9,000          |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 9,000       | 9,000        | 300                  | 8,700        |

  Rule: The maximum loss in Cross margin is the total margin of the cross-margin account

    Scenario Outline: A cross position's loss is borne by the whole cross wallet
      Given alice holds a <side> position of 1 BTCUSDT at 20,000 with 20x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice closes the BTCUSDT position
      Then alice holds no BTCUSDT position
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 1,000       | 1,000        | 1,000        |

      Examples: a loss of 9,000, nine times the position's initial margin of 1,000
        | side  | mark price |
        | long  | 11,000     |
        | short | 29,000     |

    Scenario: An account-level liquidation takes at most the whole cross wallet
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When the mark price of BTCUSDT is 9,000
      Then the mark price change brings about:
        | event               | trader | risk ratio | realized PnL | insurance fund |
        | account liquidation | alice  | unbounded  | -11,000      | -1,000         |
      And alice holds no BTCUSDT position
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 0           | 0            | 0            |

  Rule: Profits from one cross position can offset losses from others

    Scenario: A profit and a loss of cross positions offset each other in the cross equity
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice holds a long position of 10 ETHUSDT at 3,000 with 10x leverage
      When the mark prices are:
        | symbol  | mark price |
        | BTCUSDT | 22,000     |
        | ETHUSDT | 2,800      |
      Then alice's positions are:
        | symbol  | mode  | unrealized PnL |
        | BTCUSDT | Cross | 2,000          |
        | ETHUSDT | Cross | -2,000         |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 10,000      | 10,000       | 5,000                | 5,000        |

    Scenario Outline: A cross position's unrealized profit lets the account open more cross positions
      Given alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice opens a long position of 3 ETHUSDT at 3,000 with 1x leverage
      Then the opening is <outcome> under the rule "Cross positions are limited by the total margin of the cross account"
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin   | transferable   |
        | 10,000      | <equity>     | <cross initial margin> | <transferable> |

      Examples: without a profit the cross equity of 10,000 cannot carry 2,000 + 9,000 of initial margin
        | mark price | equity | outcome                               | cross initial margin | transferable |
        | 20,000     | 10,000 | denied with INSUFFICIENT_CROSS_MARGIN | 2,000                | 8,000        |

      Examples: an unrealized profit of 2,000 raises the cross equity to 12,000, enough for 2,200 + 9,000
        | mark price | equity | outcome | cross initial margin | transferable |
        | 22,000     | 12,000 | allowed | 11,200               | 800          |

  Rule: The PnL of each isolated position is independent

    Scenario Outline: An isolated position's profit or loss stays with the position
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And the mark price of BTCUSDT is <mark price>
      When alice opens a long position of 2.7 ETHUSDT at 3,000 with 1x leverage
      Then the opening is denied with INSUFFICIENT_CROSS_MARGIN under the rule "Cross positions are limited by the total margin of the cross account"
      And alice's BTCUSDT position is:
        | isolated margin | unrealized PnL | margin balance |
        | 2,000           | <pnl>          | <balance>      |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 8,000       | 8,000        | 0                    | 8,000        |

      Examples: a cross equity of 8,000 cannot carry 8,100 of initial margin, whatever the isolated PnL
        | mark price | pnl   | balance |
        | 22,000     | 2,000 | 4,000   |
        | 19,500     | -500  | 1,500   |

  Rule: Isolated margin is allocated independently per position and is not part of the cross-margin account

    Scenario: An isolated position is backed by its own margin, a cross position by the whole cross equity
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      When alice opens a long position of 10 ETHUSDT at 3,000 with 10x leverage
      Then alice's positions are:
        | symbol  | mode     | isolated margin | margin balance | risk ratio |
        | BTCUSDT | Isolated | 2,000           | 2,000          | 4 %        |
        | ETHUSDT | Cross    | none            | 8,000          | 1.5 %      |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 8,000       | 8,000        | 3,000                | 5,000        |

    Scenario: Margin added to one isolated position stays with it alone
      Given alice has chosen Isolated margin for BTCUSDT
      And alice has chosen Isolated margin for ETHUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice holds a short position of 1 ETHUSDT at 3,000 with 10x leverage
      When alice adds 500 USDT of margin to the BTCUSDT position
      Then alice's positions are:
        | symbol  | mode     | side  | isolated margin |
        | BTCUSDT | Isolated | long  | 2,500           |
        | ETHUSDT | Isolated | short | 300             |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 7,200       | 7,200        | 0                    | 7,200        |
