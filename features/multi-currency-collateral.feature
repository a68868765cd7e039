Feature: Multi-currency collateral and isolated margin
  Q: Does isolated margin in the Unified Account support multi-currency collateral?
  A: It is not supported. Isolated margin futures in the Unified Account only support the settlement
  currency of the trading pair as margin: USDT for every USDT-margined contract. Other currencies in
  the cross wallet, such as BTC, are collateral of the cross-margin account only: they count towards
  its margin at their collateral ratio (their value at the mark price × 0.95 for BTC), and nothing
  while their mark price is unknown. They never become isolated margin, so what the cross wallet can
  transfer into an isolated position is at most its USDT balance.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 20,000     |
      | ETHUSDT | 3,000      |
    And alice has a Unified Account holding 1,000 USDT and 1 BTC in the cross wallet

  Rule: Isolated margin only supports the settlement currency of the trading pair

    Scenario Outline: Another currency can neither be added to an isolated position as margin nor removed from it
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 50x leverage
      When alice <adjusts> the BTCUSDT position
      Then the <decision> is denied with COLLATERAL_CURRENCY_NOT_SUPPORTED under this rule
      And the <decision> would move 0 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | isolated margin |
        | 400             |
      And alice's cross account shows:
        | wallet USDT | wallet BTC | cross equity | transferable |
        | 600         | 1          | 19,600       | 600          |

      Examples:
        | adjusts                         | decision        |
        | adds 0.01 BTC of margin to      | margin addition |
        | removes 0.01 BTC of margin from | margin removal  |
        | adds 1 ETH of margin to         | margin addition |

    Scenario: The settlement currency is accepted
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 50x leverage
      When alice adds 100 USDT of margin to the BTCUSDT position
      Then the margin addition is allowed
      And the margin addition moves 100 USDT from the cross wallet into the position
      And alice's BTCUSDT position is:
        | isolated margin |
        | 500             |
      And alice's cross account shows:
        | wallet USDT | wallet BTC | cross equity | transferable |
        | 500         | 1          | 19,500       | 500          |

  Rule: Other currencies in the cross wallet count towards the cross margin at their collateral ratio

    Scenario Outline: BTC counts at 95 % of its value at the mark price, and backs cross positions
      Given the mark price of BTCUSDT is <BTC mark price>
      When alice opens a long position of <quantity> ETHUSDT at 3,000 with 3x leverage
      Then the opening is <outcome> under the rule "Cross positions are limited by the total margin of the cross account"
      And alice's cross account shows:
        | wallet USDT | wallet BTC | cross equity | cross initial margin   | transferable   |
        | 1,000       | 1          | <equity>     | <cross initial margin> | <transferable> |

      Examples: 1 BTC at 20,000 counts 19,000: a cross equity of 20,000
        | BTC mark price | quantity    | outcome                               | equity | cross initial margin | transferable |
        | 20,000         | 20          | allowed                               | 20,000 | 20,000               | 0            |
        | 20,000         | 20.00000001 | denied with INSUFFICIENT_CROSS_MARGIN | 20,000 | 0                    | 1,000        |

      Examples: 1 BTC at 60,000 counts 57,000: a cross equity of 58,000
        | BTC mark price | quantity    | outcome                               | equity | cross initial margin | transferable |
        | 60,000         | 58          | allowed                               | 58,000 | 58,000               | 0            |
        | 60,000         | 58.00000001 | denied with INSUFFICIENT_CROSS_MARGIN | 58,000 | 0                    | 1,000        |

    Scenario Outline: Without a mark price BTC counts nothing
      Given a trading platform keeps bob's account in its own ledger, holding 1,000 USDT and 1 BTC in the cross wallet
      And the platform knows a mark price of 3,000 for ETHUSDT
      And the platform <knows about BTCUSDT>
      When the platform asks whether bob may open a long position of 1 ETHUSDT at 3,000 with 1x leverage
      Then the opening is <outcome> under the rule "Cross positions are limited by the total margin of the cross account"
      And the opening shows a cross risk ratio of 0 % before and <ratio> after

      Examples: a cross equity of 1,000, the USDT alone, cannot carry 3,000 of initial margin; the maintenance margin of 12 is 1.2 % of it
        | knows about BTCUSDT             | outcome                               | ratio |
        | knows no mark price for BTCUSDT | denied with INSUFFICIENT_CROSS_MARGIN | 1.2 % |

      Examples: with BTC at 20,000 the cross equity is 20,000; the maintenance margin of 12 is 0.06 % of it
        | knows about BTCUSDT                      | outcome | ratio  |
        | knows a mark price of 20,000 for BTCUSDT | allowed | 0.06 % |

  Rule: BTC collateral does not make more USDT transferable into an isolated position

    Scenario Outline: Only the USDT balance can become isolated margin, however much the BTC is worth
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 50x leverage
      When alice adds <amount> USDT of margin to the BTCUSDT position
      Then the margin addition is <outcome> under the rule "Added margin is sourced from the available balance of the cross-margin account"
      And alice's BTCUSDT position is:
        | isolated margin   |
        | <isolated margin> |
      And alice's cross account shows:
        | wallet USDT | wallet BTC | cross equity | transferable   |
        | <wallet>    | 1          | <equity>     | <transferable> |

      Examples: 600 USDT left in the cross wallet, beside 19,000 of BTC collateral
        | amount       | outcome                                | isolated margin | wallet | equity | transferable |
        | 600          | allowed                                | 1,000           | 0      | 19,000 | 0            |
        | 600.00000001 | denied with INSUFFICIENT_CROSS_BALANCE | 400             | 600    | 19,600 | 600          |
