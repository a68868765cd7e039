Feature: Opening positions and placing orders within the margin and the risk limits
  A position, and an order, take the margin mode of their contract. In Isolated margin each position
  has its own margin, allocated from the cross-margin account when it opens: quantity × price /
  leverage, moved out of the cross wallet, so an isolated position is constrained by the transferable
  margin of the cross account. In Cross margin a position draws on all the available margin of the
  cross account. Either way the contract's risk-limit tiers bound the position: the larger its value,
  the lower the maximum leverage, and no position grows beyond the last tier. An order is held to the
  same limits as the fill it would become, and reserves its margin until it is cancelled.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 60,000     |
      | ETHUSDT | 3,000      |
    And alice has a Unified Account holding 10,000 USDT in the cross wallet

  Rule: Isolated margin comes from the transferable balance of the cross-margin account

    Scenario: An isolated position takes quantity × price / leverage from the cross wallet
      Given alice has chosen Isolated margin for BTCUSDT
      When alice opens a long position of 0.5 BTCUSDT at 60,000 with 10x leverage
      Then the opening is allowed
      And the opening moves 3,000 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | mode     | side | quantity | entry price | leverage | isolated margin |
        | Isolated | long | 0.5      | 60,000      | 10x      | 3,000           |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 7,000       | 7,000        | 0                    | 7,000        |

    Scenario: The margin taken is rounded up to the smallest unit, so it is never short
      Given alice has chosen Isolated margin for BTCUSDT
      When alice opens a long position of 0.1 BTCUSDT at 60,000 with 7x leverage
      Then the opening moves 857.14285715 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | isolated margin |
        | 857.14285715    |
      And alice's cross wallet holds 9,142.85714285 USDT

    Scenario: Without a chosen leverage the contract's default leverage of 20x applies
      Given alice has chosen Isolated margin for BTCUSDT
      When alice opens a long position of 0.1 BTCUSDT at 60,000 without choosing a leverage
      Then alice's BTCUSDT position is:
        | leverage | isolated margin |
        | 20x      | 300             |
      And alice's cross wallet holds 9,700 USDT

    Scenario Outline: A transfer exactly equal to the transferable balance is allowed; one unit more is not
      Given alice has chosen Isolated margin for BTCUSDT
      When alice <trade> of 1 BTCUSDT at <price> with 1x leverage
      Then the <decision> is <outcome> under this rule
      And alice's cross account shows:
        | wallet USDT | transferable   |
        | <wallet>    | <transferable> |

      Examples: a margin of 10,000 against a transferable balance of 10,000
        | trade                 | decision | price  | outcome | wallet | transferable |
        | opens a long position | opening  | 10,000 | allowed | 0      | 0            |
        | places a buy order    | order    | 10,000 | allowed | 10,000 | 0            |

      Examples: a margin of 10,000.00000001, one unit of 0.00000001 more
        | trade                 | decision | price           | outcome                                | wallet | transferable |
        | opens a long position | opening  | 10,000.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 10,000 | 10,000       |
        | places a buy order    | order    | 10,000.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 10,000 | 10,000       |

      Examples: a margin of 10,000.000000001, rounded up to 10,000.00000001
        | trade                 | decision | price            | outcome                                | wallet | transferable |
        | opens a long position | opening  | 10,000.000000001 | denied with INSUFFICIENT_CROSS_BALANCE | 10,000 | 10,000       |
        | places a buy order    | order    | 10,000.000000001 | denied with INSUFFICIENT_CROSS_BALANCE | 10,000 | 10,000       |

    Scenario Outline: Margin that the cross positions need is not transferable
      Given alice has chosen Isolated margin for ETHUSDT
      And alice holds a long position of 0.5 BTCUSDT at 60,000 with 10x leverage
      When alice opens a long position of <quantity> ETHUSDT at 3,000 with 3x leverage
      Then the opening is <outcome> under this rule
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable   |
        | <wallet>    | 3,000                | <transferable> |

      Examples: 10,000 in the wallet, 3,000 of it needed by the cross position
        | quantity | outcome                                | wallet | transferable |
        | 7        | allowed                                | 3,000  | 0            |
        | 8        | denied with INSUFFICIENT_CROSS_BALANCE | 10,000 | 7,000        |

  Rule: Cross positions are limited by the total margin of the cross account

    Scenario: A cross position keeps its margin in the cross wallet
      When alice opens a long position of 0.5 BTCUSDT at 60,000 with 10x leverage
      Then the opening is allowed
      And the opening moves 0 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | mode  | side | quantity | entry price | leverage | isolated margin |
        | Cross | long | 0.5      | 60,000      | 10x      | none            |
      And alice's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 10,000      | 10,000       | 3,000                | 7,000        |

    Scenario Outline: Cross initial margin may reach the cross equity but not exceed it
      Given the mark price of BTCUSDT is <price>
      When alice <trade> of 1 BTCUSDT at <price> with 6x leverage
      Then the <decision> is <outcome> under this rule
      And alice's cross account shows:
        | wallet USDT | cross initial margin   | transferable   |
        | 10,000      | <cross initial margin> | <transferable> |

      Examples: a cross initial margin of 10,000 against a cross equity of 10,000
        | trade                 | decision | price  | outcome | cross initial margin | transferable |
        | opens a long position | opening  | 60,000 | allowed | 10,000               | 0            |
        | places a buy order    | order    | 60,000 | allowed | 10,000               | 0            |

      Examples: a cross initial margin of 10,000.00000001
        | trade                 | decision | price           | outcome                               | cross initial margin | transferable |
        | opens a long position | opening  | 60,000.00000006 | denied with INSUFFICIENT_CROSS_MARGIN | 0                    | 10,000       |
        | places a buy order    | order    | 60,000.00000006 | denied with INSUFFICIENT_CROSS_MARGIN | 0                    | 10,000       |

  Rule: An open order reserves its margin until it is cancelled

    Scenario Outline: Placing an order reserves its margin without moving it
      Given alice has chosen <mode> margin for BTCUSDT
      When alice places a buy order of 0.1 BTCUSDT at 60,000 with 10x leverage
      Then the order is allowed
      And alice's open BTCUSDT order reserves 600 USDT
      And alice's cross account shows:
        | wallet USDT | cross initial margin   | transferable |
        | 10,000      | <cross initial margin> | 9,400        |

      Examples:
        | mode     | cross initial margin |
        | Cross    | 600                  |
        | Isolated | 0                    |

    Scenario Outline: Cancelling the order releases its margin
      Given alice has chosen <mode> margin for BTCUSDT
      And alice has placed a buy order of 0.1 BTCUSDT at 60,000 with 10x leverage
      When alice cancels all open BTCUSDT orders
      Then alice has 0 open BTCUSDT orders
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 10,000      | 0                    | 10,000       |

      Examples:
        | mode     |
        | Cross    |
        | Isolated |

    Scenario: Margin reserved by an open order cannot be allocated to a position as well
      Given alice has chosen Isolated margin for BTCUSDT
      And alice has placed a buy order of 1 BTCUSDT at 60,000 with 10x leverage
      When alice opens a long position of 0.1 BTCUSDT at 40,000.0000001 with 1x leverage
      Then the opening is denied with INSUFFICIENT_CROSS_BALANCE under the rule "Isolated margin comes from the transferable balance of the cross-margin account"
      And alice's cross account shows:
        | wallet USDT | transferable |
        | 10,000      | 4,000        |

  Rule: Adding to a position on the same side averages its entry price

    Scenario: Adding to an isolated position adds the new margin and averages the entry by quantity
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      When alice opens a long position of 0.3 BTCUSDT at 64,000 with 10x leverage
      Then the opening moves 1,920 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | mode     | side | quantity | entry price | leverage | isolated margin |
        | Isolated | long | 0.4      | 63,000      | 10x      | 2,520           |
      And alice's cross wallet holds 7,480 USDT

    Scenario: Adding to a cross position averages the entry and moves nothing
      Given alice holds a short position of 1 ETHUSDT at 3,000 with 10x leverage
      When alice opens a short position of 2 ETHUSDT at 2,970 with 10x leverage
      Then alice's ETHUSDT position is:
        | mode  | side  | quantity | entry price | isolated margin |
        | Cross | short | 3        | 2,980       | none            |
      And alice's cross wallet holds 10,000 USDT

  Rule: A position's value must stay within the contract's risk limit

    Scenario Outline: A position worth exactly the last tier's cap is allowed; one worth more is not
      Given alice has deposited 1,999,990,000 USDT
      And the mark price of BTCUSDT is <price>
      When alice <trade> of 30,000 BTCUSDT at <price> with 1x leverage
      Then the <decision> is <outcome> under this rule

      Examples: BTCUSDT risk limit 1,800,000,000
        | trade                 | decision | price           | outcome                         |
        | opens a long position | opening  | 60,000          | allowed                         |
        | opens a long position | opening  | 60,000.00000001 | denied with RISK_LIMIT_EXCEEDED |
        | places a sell order   | order    | 60,000          | allowed                         |
        | places a sell order   | order    | 60,000.00000001 | denied with RISK_LIMIT_EXCEEDED |

    Scenario: The risk limit counts the position held and the fill together
      Given alice has deposited 1,999,990,000 USDT
      And alice holds a long position of 20,000 BTCUSDT at 60,000 with 1x leverage
      When alice opens a long position of 10,001 BTCUSDT at 60,000 with 1x leverage
      Then the opening is denied with RISK_LIMIT_EXCEEDED under this rule
      And alice's BTCUSDT position is:
        | quantity | entry price |
        | 20,000   | 60,000      |

  Rule: Leverage cannot exceed the maximum of the position's risk-limit tier

    Scenario Outline: Leverage exactly at the tier's maximum is allowed; above it is not
      Given alice has deposited 90,000 USDT
      And the mark price of BTCUSDT is <price>
      When alice <trade> of <quantity> BTCUSDT at <price> with <leverage> leverage
      Then the <decision> is <outcome> under this rule

      Examples: tier 1, a position value up to 50,000, at most 125x
        | trade                 | decision | quantity | price  | leverage | outcome                                 |
        | opens a long position | opening  | 1        | 50,000 | 125x     | allowed                                 |
        | opens a long position | opening  | 1        | 50,000 | 126x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |
        | places a buy order    | order    | 1        | 50,000 | 125x     | allowed                                 |
        | places a buy order    | order    | 1        | 50,000 | 126x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |

      Examples: tier 2, a position value above 50,000 up to 600,000, at most 100x
        | trade                  | decision | quantity | price     | leverage | outcome                                 |
        | opens a short position | opening  | 1        | 50,000.01 | 125x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |
        | opens a short position | opening  | 1        | 50,000.01 | 100x     | allowed                                 |
        | opens a long position  | opening  | 10       | 60,000    | 100x     | allowed                                 |
        | opens a long position  | opening  | 10       | 60,000    | 101x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |
        | places a sell order    | order    | 10       | 60,000    | 100x     | allowed                                 |
        | places a sell order    | order    | 10       | 60,000    | 101x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |

      Examples: tier 3, a position value above 600,000 up to 3,000,000, at most 75x
        | trade                 | decision | quantity | price     | leverage | outcome                                 |
        | opens a long position | opening  | 10       | 60,000.01 | 100x     | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |
        | opens a long position | opening  | 10       | 60,000.01 | 75x      | allowed                                 |
        | places a buy order    | order    | 10       | 60,000.01 | 76x      | denied with LEVERAGE_EXCEEDS_RISK_LIMIT |
        | places a buy order    | order    | 10       | 60,000.01 | 75x      | allowed                                 |

    Scenario: The tier is that of the whole position after the fill
      Given the mark price of BTCUSDT is 50,000
      And alice holds a long position of 1 BTCUSDT at 50,000 with 125x leverage
      When alice opens a long position of 0.00001 BTCUSDT at 50,000 with 125x leverage
      Then the opening is denied with LEVERAGE_EXCEEDS_RISK_LIMIT under this rule
      And alice's BTCUSDT position is:
        | quantity | leverage |
        | 1        | 125x     |

  Rule: A position cannot be opened against an existing position on the other side

    Scenario Outline: A fill or an order on the other side of the position is refused
      Given alice holds a <held> position of 0.1 BTCUSDT at 60,000 with 10x leverage
      When alice <trade> of 0.05 BTCUSDT at 60,000 with 10x leverage
      Then the <decision> is denied with POSITION_SIDE_CONFLICT under this rule
      And alice's BTCUSDT position is:
        | side   | quantity |
        | <held> | 0.1      |
      And alice has 0 open BTCUSDT orders

      Examples:
        | held  | trade                  | decision |
        | long  | opens a short position | opening  |
        | long  | places a sell order    | order    |
        | short | opens a long position  | opening  |
        | short | places a buy order     | order    |
