Feature: Switching a contract between Cross and Isolated margin mode
  In the Unified Account each futures contract is traded in Cross or Isolated margin mode, chosen in
  the margin mode area at the top of the trading interface. A contract with an open position cannot
  switch between Cross and Isolated: close the position first. Nor can a contract with open orders:
  cancel them first. Different trading pairs can use different modes at the same time, for example
  Cross for BTCUSDT while ETHUSDT is Isolated, but the same trading pair never holds cross-margin and
  isolated-margin positions at once. A contract that was never set trades in Cross margin.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 60,000     |
      | ETHUSDT | 3,000      |
    And alice has a Unified Account holding 10,000 USDT in the cross wallet

  Rule: A contract trades in Cross margin until the trader chooses Isolated

    Scenario: Positions and orders on contracts that were never set are cross
      When alice opens a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice places a buy order of 1 ETHUSDT at 2,900 with 10x leverage
      Then alice's BTCUSDT position is held in Cross margin
      And alice's open ETHUSDT order is held in Cross margin
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 10,000      | 890                  | 9,110        |

  Rule: Contracts with open positions cannot switch between Cross and Isolated margin mode

    Scenario Outline: A contract with an open position keeps its mode
      Given alice has chosen <current> margin for BTCUSDT
      And alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      When alice switches BTCUSDT to <target> margin
      Then the switch is denied with OPEN_POSITION_EXISTS under this rule
      And alice still trades BTCUSDT in <current> margin
      And alice's BTCUSDT position is held in <current> margin

      Examples:
        | current  | target   |
        | Cross    | Isolated |
        | Isolated | Cross    |

    Scenario: Closing the position first lets the contract switch
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      When alice closes the BTCUSDT position
      And alice switches BTCUSDT to Cross margin
      Then the switch is allowed
      And alice trades BTCUSDT in Cross margin
      And alice's cross account shows:
        | wallet USDT | transferable |
        | 10,000      | 10,000       |

  Rule: Contracts with open orders cannot switch between Cross and Isolated margin mode

    Scenario: An open order keeps the contract in its mode
      Given alice has placed a buy order of 0.1 BTCUSDT at 59,000 with 10x leverage
      When alice switches BTCUSDT to Isolated margin
      Then the switch is denied with OPEN_ORDERS_EXIST under this rule
      And alice still trades BTCUSDT in Cross margin
      And alice's open BTCUSDT order is held in Cross margin

    Scenario: Cancelling only some of the open orders is not enough
      Given alice has placed these BTCUSDT orders:
        | side | quantity | price  | leverage |
        | buy  | 0.1      | 59,000 | 10x      |
        | buy  | 0.1      | 58,000 | 10x      |
      When alice cancels one of the open BTCUSDT orders
      And alice switches BTCUSDT to Isolated margin
      Then the switch is denied with OPEN_ORDERS_EXIST under this rule
      And alice has 1 open BTCUSDT order

    Scenario: Closing the position does not cancel the orders
      Given alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice has placed a buy order of 0.1 BTCUSDT at 59,000 with 10x leverage
      When alice closes the BTCUSDT position
      And alice switches BTCUSDT to Isolated margin
      Then the switch is denied with OPEN_ORDERS_EXIST under this rule
      And alice still trades BTCUSDT in Cross margin

    Scenario: Once every open order is cancelled the contract can switch
      Given alice has chosen Isolated margin for BTCUSDT
      And alice has placed these BTCUSDT orders:
        | side | quantity | price  | leverage |
        | buy  | 0.1      | 59,000 | 10x      |
        | sell | 0.1      | 61,000 | 10x      |
      When alice cancels all open BTCUSDT orders
      And alice switches BTCUSDT to Cross margin
      Then the switch is allowed
      And alice trades BTCUSDT in Cross margin
      And alice has 0 open BTCUSDT orders
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 10,000      | 0                    | 10,000       |

  Rule: Choosing the mode a contract already has is always allowed and changes nothing

    Scenario Outline: Choosing the current mode again while a position and an order are open
      Given alice has chosen <mode> margin for BTCUSDT
      And alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice has placed a buy order of 0.1 BTCUSDT at 59,000 with 10x leverage
      When alice switches BTCUSDT to <mode> margin
      Then the switch is allowed
      And alice still trades BTCUSDT in <mode> margin
      And alice's BTCUSDT position is held in <mode> margin
      And alice has 1 open BTCUSDT order
      And alice's cross account shows:
        | wallet USDT | cross initial margin   | transferable |
        | <wallet>    | <cross initial margin> | 8,810        |

      Examples:
        | mode     | wallet | cross initial margin |
        | Cross    | 10,000 | 1,190                |
        | Isolated | 9,400  | 0                    |

  Rule: Different trading pairs can use Cross and Isolated margin mode independently

    Scenario: BTCUSDT in Cross margin and ETHUSDT in Isolated margin at the same time
      Given alice has chosen Isolated margin for ETHUSDT
      When alice opens a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice opens a short position of 1 ETHUSDT at 3,000 with 10x leverage
      Then alice's positions are:
        | symbol  | mode     | side  | quantity | entry price | isolated margin |
        | BTCUSDT | Cross    | long  | 0.1      | 60,000      | none            |
        | ETHUSDT | Isolated | short | 1        | 3,000       | 300             |
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 9,700       | 600                  | 9,100        |

    Scenario: A position and orders in one contract do not hold back another contract
      Given alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice has placed a buy order of 0.1 BTCUSDT at 59,000 with 10x leverage
      When alice switches ETHUSDT to Isolated margin
      Then the switch is allowed
      And alice trades ETHUSDT in Isolated margin
      And alice still trades BTCUSDT in Cross margin

  Rule: The same trading pair cannot hold cross-margin and isolated-margin positions at the same time

    Scenario: While a cross position is open, further trades in the pair stay cross
      Given alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      When alice switches BTCUSDT to Isolated margin
      And alice opens a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      Then the switch is denied with OPEN_POSITION_EXISTS under the rule "Contracts with open positions cannot switch between Cross and Isolated margin mode"
      And alice's positions are:
        | symbol  | mode  | side | quantity | entry price | isolated margin |
        | BTCUSDT | Cross | long | 0.2      | 60,000      | none            |
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 10,000      | 1,200                | 8,800        |

    Scenario: A trader holding a position and orders is told to close the one and cancel the others
      Given alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice has placed a buy order of 0.1 BTCUSDT at 59,000 with 10x leverage
      When alice switches BTCUSDT to Isolated margin
      Then the switch is denied for these reasons:
        | code                 | rule                                                                               |
        | OPEN_POSITION_EXISTS | Contracts with open positions cannot switch between Cross and Isolated margin mode |
        | OPEN_ORDERS_EXIST    | Contracts with open orders cannot switch between Cross and Isolated margin mode    |

    Scenario: To trade BTCUSDT isolated, first close the cross position and cancel all BTCUSDT open orders
      Given alice holds a long position of 0.1 BTCUSDT at 60,000 with 10x leverage
      And alice has placed a buy order of 0.1 BTCUSDT at 59,000 with 10x leverage
      When alice closes the BTCUSDT position
      And alice cancels all open BTCUSDT orders
      And alice switches BTCUSDT to Isolated margin
      And alice opens a long position of 0.2 BTCUSDT at 60,000 with 10x leverage
      Then the switch is allowed
      And alice's positions are:
        | symbol  | mode     | side | quantity | entry price | isolated margin |
        | BTCUSDT | Isolated | long | 0.2      | 60,000      | 1,200           |
      And alice's cross account shows:
        | wallet USDT | cross initial margin | transferable |
        | 8,800       | 0                    | 8,800        |
