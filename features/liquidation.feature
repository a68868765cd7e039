Feature: Liquidation
  Every new mark price is checked against the liquidation thresholds. In Isolated Margin mode the
  maintenance margin ratio of each position is calculated independently: liquidation is triggered
  when the position's risk ratio reaches 100 %, and the maximum loss is limited to the margin
  allocated to that position. In Cross Margin mode all positions share the same margin pool:
  liquidation is triggered when the account risk ratio reaches 100 %, and the account-level forced
  liquidation affects all cross-margin positions in the account. A risk ratio that reaches the
  margin-call threshold of 80 % first raises a margin call.

  The risk ratio of an isolated position is its maintenance margin divided by its margin balance
  (isolated margin plus unrealized PnL); the account risk ratio is the cross maintenance margin
  divided by the cross equity. A liquidated position is closed at the mark price. The insurance fund
  receives what is left of its margin, and pays what the margin lacks; when the fund cannot, the
  position triggers auto-deleveraging (ADL): positions on the other side of the contract, the
  highest ranked first, are reduced at the liquidated position's bankruptcy price.

  In the tables, "insurance fund" is what the fund received from an event, negative when it paid.

  Background:
    Given the mark prices are:
      | symbol  | mark price |
      | BTCUSDT | 20,000     |
      | ETHUSDT | 2,000      |
    And alice has a Unified Account holding 10,000 USDT in the cross wallet

  Rule: In isolated margin mode a position is liquidated when its own risk ratio reaches 100 %

    Scenario Outline: A risk ratio of exactly 100 % liquidates an isolated position; one cent of mark price short of it does not
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a <side> position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice has removed <removed> USDT of margin from the BTCUSDT position
      When the mark price of BTCUSDT is <mark price>
      Then alice's BTCUSDT position is <outcome> at a risk ratio of <risk ratio>
      And alice's cross wallet holds <wallet> USDT

      Examples: a long with 1,076 of margin: at 19,000 its margin balance of 76 equals its maintenance margin of 76
        | side | removed | mark price | outcome       | risk ratio  | wallet |
        | long | 924     | 19,000     | liquidated    | 100 %       | 8,924  |
        | long | 924     | 19,000.01  | margin called | 99.986896 % | 8,924  |

      Examples: a short with 1,084 of margin: at 21,000 its margin balance of 84 equals its maintenance margin of 84
        | side  | removed | mark price | outcome       | risk ratio  | wallet |
        | short | 916     | 21,000     | liquidated    | 100 %       | 8,916  |
        | short | 916     | 20,999.99  | margin called | 99.988049 % | 8,916  |

    Scenario: The liquidated position is closed at the mark price, its open orders are cancelled and its margin is forfeited
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice has removed 924 USDT of margin from the BTCUSDT position
      And alice has placed a buy order of 0.1 BTCUSDT at 18,000 with 10x leverage
      When the mark price of BTCUSDT is 19,000
      Then the mark price change brings about, under this rule:
        | event                | trader | symbol  | side | quantity | risk ratio | closed at | margin forfeited | realized PnL |
        | isolated liquidation | alice  | BTCUSDT | long | 1        | 100 %      | 19,000    | 1,076            | -1,000       |
      And alice holds no BTCUSDT position
      And alice has 0 open BTCUSDT orders
      And alice's cross account shows:
        | wallet USDT | cross equity | transferable |
        | 8,924       | 8,924        | 8,924        |

    Scenario: A mark price repeated after a liquidation finds nothing left to do
      Given the USDT insurance fund holds 1,000,000
      And alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice has removed 924 USDT of margin from the BTCUSDT position
      When the mark price of BTCUSDT moves through:
        | mark price |
        | 19,000     |
        | 19,000     |
      Then the mark price changes bring about:
        | event                | trader | mark price | insurance fund |
        | isolated liquidation | alice  | 19,000     | 76             |
      And the USDT insurance fund now holds 1,000,076
      And alice's cross wallet holds 8,924 USDT

  Rule: In cross margin mode all cross positions are liquidated when the account risk ratio reaches 100 %

    Scenario Outline: An account risk ratio of exactly 100 % liquidates the cross account; one cent of mark price short of it does not
      Given bob has a Unified Account holding <wallet> USDT in the cross wallet
      And bob holds a <side> position of 1 BTCUSDT at 20,000 with 20x leverage
      When the mark price of BTCUSDT is <mark price>
      Then bob's cross account is <outcome> at a risk ratio of <risk ratio>
      And bob's cross wallet holds <wallet after> USDT

      Examples: a cross wallet of 1,076 and a long: at 19,000 a cross equity of 76 equals the maintenance margin of 76
        | wallet | side | mark price | outcome       | risk ratio  | wallet after |
        | 1,076  | long | 19,000     | liquidated    | 100 %       | 76           |
        | 1,076  | long | 19,000.01  | margin called | 99.986896 % | 1,076        |

      Examples: a cross wallet of 1,084 and a short: at 21,000 a cross equity of 84 equals the maintenance margin of 84
        | wallet | side  | mark price | outcome       | risk ratio  | wallet after |
        | 1,084  | short | 21,000     | liquidated    | 100 %       | 84           |
        | 1,084  | short | 20,999.99  | margin called | 99.988049 % | 1,084        |

  Rule: In Cross Margin mode, all positions share the same margin pool. If the account maintenance margin ratio reaches the threshold, it may trigger account-level forced liquidation, affecting all cross-margin positions in the account.

    Scenario: An account-level liquidation closes every cross position, the profitable ones too, and cancels every cross order
      Given bob has a Unified Account holding 984 USDT in the cross wallet
      And bob holds a long position of 1 BTCUSDT at 20,000 with 50x leverage
      And bob holds a short position of 1 ETHUSDT at 2,100 with 50x leverage
      And bob has placed a buy order of 0.1 BTCUSDT at 19,500 with 50x leverage
      And bob has placed a sell order of 1 ETHUSDT at 2,200 with 50x leverage
      When the mark price of BTCUSDT is 19,000
      Then the mark price change brings about, under the rule "In cross margin mode all cross positions are liquidated when the account risk ratio reaches 100 %":
        | event               | trader | risk ratio | realized PnL | insurance fund |
        | account liquidation | bob    | 100 %      | -900         | 0              |
      And bob's account liquidation closed these cross positions:
        | symbol  | side  | quantity | closed at | realized PnL |
        | BTCUSDT | long  | 1        | 19,000    | -1,000       |
        | ETHUSDT | short | 1        | 2,000     | 100          |
      And bob holds no BTCUSDT position
      And bob holds no ETHUSDT position
      And bob has 0 open BTCUSDT orders
      And bob has 0 open ETHUSDT orders
      And bob's cross account shows:
        | wallet USDT | cross equity | cross initial margin | transferable |
        | 84          | 84           | 0                    | 84           |

    Scenario: An account-level liquidation leaves the isolated positions and their orders alone
      Given bob has a Unified Account holding 3,076 USDT in the cross wallet
      And bob has chosen Isolated margin for ETHUSDT
      And bob holds a long position of 10 ETHUSDT at 2,000 with 10x leverage
      And bob has placed a buy order of 1 ETHUSDT at 1,900 with 10x leverage
      And bob holds a long position of 1 BTCUSDT at 20,000 with 50x leverage
      When the mark price of BTCUSDT is 19,000
      Then the mark price change brings about, under the rule "In cross margin mode all cross positions are liquidated when the account risk ratio reaches 100 %":
        | event               | trader | risk ratio | realized PnL |
        | account liquidation | bob    | 100 %      | -1,000       |
      And bob's positions are:
        | symbol  | mode     | side | quantity | isolated margin | margin balance |
        | ETHUSDT | Isolated | long | 10       | 2,000           | 2,000          |
      And bob has 1 open ETHUSDT order
      And bob's cross wallet holds 76 USDT

  Rule: A risk ratio at the margin-call threshold raises a margin call once

    Scenario Outline: A risk ratio of exactly 80 % raises a margin call; one cent of mark price short of it does not
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice has removed 905 USDT of margin from the BTCUSDT position
      When the mark price of BTCUSDT is <mark price>
      Then alice's BTCUSDT position is <outcome> at a risk ratio of <risk ratio>

      Examples: 1,095 of margin: at 19,000 a margin balance of 95 against a maintenance margin of 76
        | mark price | outcome                              | risk ratio  |
        | 19,000     | margin called                        | 80 %        |
        | 19,000.01  | neither margin called nor liquidated | 79.991622 % |

    Scenario: A margin call is not raised again while the risk ratio stays above the threshold, only after it has fallen below
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice has removed 924 USDT of margin from the BTCUSDT position
      When the mark price of BTCUSDT moves through:
        | mark price |
        | 19,010     |
        | 19,005     |
        | 19,010     |
        | 19,500     |
        | 19,010     |
      Then the mark price changes bring about:
        | event       | trader | symbol  | mark price | risk ratio  | rule                                                                |
        | margin call | alice  | BTCUSDT | 19,010     | 88.418605 % | A risk ratio at the margin-call threshold raises a margin call once |
        | margin call | alice  | BTCUSDT | 19,010     | 88.418605 % | A risk ratio at the margin-call threshold raises a margin call once |
      And alice's BTCUSDT position is:
        | isolated margin | risk ratio  |
        | 1,076           | 88.418605 % |

    Scenario: A cross account is called once as well
      Given bob has a Unified Account holding 1,076 USDT in the cross wallet
      And bob holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When the mark price of BTCUSDT moves through:
        | mark price |
        | 19,010     |
        | 19,005     |
        | 19,010     |
      Then the mark price changes bring about:
        | event       | trader | mark price | risk ratio  |
        | margin call | bob    | 19,010     | 88.418605 % |
      And bob's cross account shows:
        | wallet USDT | cross equity | cross risk ratio |
        | 1,076       | 86           | 88.418605 %      |

  Rule: The insurance fund receives what is left of a liquidated position's margin, and pays what the margin lacks

    Scenario Outline: Whatever the loss, the liquidated position takes its own margin and nothing from the cross wallet
      Given the USDT insurance fund holds 1,000,000
      And alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 20x leverage
      When the mark price of BTCUSDT is <mark price>
      Then the mark price change brings about:
        | event                | trader | risk ratio   | closed at    | margin forfeited | realized PnL | insurance fund |
        | isolated liquidation | alice  | <risk ratio> | <mark price> | 1,000            | <loss>       | <fund>         |
      And the USDT insurance fund now holds <fund after>
      And alice's cross wallet holds 9,000 USDT

      Examples: a margin balance of 50 is left: it goes to the insurance fund
        | mark price | risk ratio | loss | fund | fund after |
        | 19,050     | 152.4 %    | -950 | 50   | 1,000,050  |

      Examples: the margin balance is exactly used up: the fund neither receives nor pays
        | mark price | risk ratio | loss   | fund | fund after |
        | 19,000     | unbounded  | -1,000 | 0    | 1,000,000  |

      Examples: the loss exceeds the margin by 500: the fund pays it
        | mark price | risk ratio | loss   | fund | fund after |
        | 18,500     | unbounded  | -1,500 | -500 | 999,500    |

  Rule: When the risk ratio reaches the system-defined threshold, the position will trigger auto-deleveraging (ADL) or forced liquidation

    # A position's ADL rank is its PnL % (unrealized PnL over its entry value) times its effective
    # leverage (position value over its distance from the bankruptcy value), or divided by it when at a
    # loss. Each side of a contract is queued by rank, highest first; the indicator from 1 to 5 shows
    # a position's place in the queue, 5 first in line.

    Background:
      Given the USDT insurance fund holds 0

    Scenario: The auto-deleveraging queue ranks each side's positions by profit and effective leverage
      Given these traders, each with 10,000 USDT in the cross wallet, hold isolated ETHUSDT positions:
        | trader | side  | quantity | price | leverage |
        | bob    | long  | 10       | 2,000 | 20x      |
        | carol  | short | 4        | 2,100 | 10x      |
        | dave   | short | 10       | 2,000 | 5x       |
        | erin   | short | 1        | 1,990 | 10x      |
      When the mark price of ETHUSDT is 1,950
      Then the ETHUSDT auto-deleveraging queue is:
        | side  | trader | rank        | indicator |
        | long  | bob    | -0.00064103 | 5         |
        | short | carol  | 0.38690476  | 5         |
        | short | erin   | 0.16399992  | 4         |
        | short | dave   | 0.10833333  | 2         |

    Scenario: Auto-deleveraging reduces the highest ranked positions first, at the liquidated position's bankruptcy price
      Given these traders, each with 10,000 USDT in the cross wallet, hold isolated ETHUSDT positions:
        | trader | side  | quantity | price | leverage |
        | bob    | long  | 10       | 2,000 | 20x      |
        | carol  | short | 4        | 2,100 | 10x      |
        | dave   | short | 10       | 2,000 | 5x       |
        | erin   | short | 1        | 1,990 | 10x      |
      # bob's margin of 1,000 on 10 bought at 2,000 is used up at his bankruptcy price of 1,900; at the
      # mark price of 1,800 it lacks 1,000, which the empty insurance fund cannot pay
      When the mark price of ETHUSDT is 1,800
      Then the mark price change brings about, under the rule "In isolated margin mode a position is liquidated when its own risk ratio reaches 100 %":
        | event                | trader | side  | quantity | risk ratio | closed at | margin forfeited | realized PnL | insurance fund |
        | isolated liquidation | bob    | long  | 10       | unbounded  | 1,900     | 1,000            | -1,000       | 0              |
        | auto-deleveraging    | carol  | short | 4        |            | 1,900     |                  | 800          |                |
        | auto-deleveraging    | erin   | short | 1        |            | 1,900     |                  | 90           |                |
        | auto-deleveraging    | dave   | short | 5        |            | 1,900     |                  | 500          |                |
      And bob's liquidation was covered by auto-deleveraging these positions, in this order:
        | trader | quantity | closed at | realized PnL | rank       |
        | carol  | 4        | 1,900     | 800          | 0.50420168 |
        | erin   | 1        | 1,900     | 90           | 0.44179768 |
        | dave   | 5        | 1,900     | 500          | 0.3        |
      And the USDT insurance fund still holds 0
      And carol holds no ETHUSDT position
      And erin holds no ETHUSDT position
      And dave's ETHUSDT position is:
        | quantity | isolated margin |
        | 5        | 2,000           |
      And carol's cross wallet holds 10,800 USDT
      And erin's cross wallet holds 10,090 USDT
      And dave's cross wallet holds 8,500 USDT
      And bob's cross wallet holds 9,000 USDT

    Scenario: When the other side holds less than the liquidated position, the insurance fund pays the rest and goes below zero
      Given these traders, each with 10,000 USDT in the cross wallet, hold isolated ETHUSDT positions:
        | trader | side  | quantity | price | leverage |
        | bob    | long  | 10       | 2,000 | 20x      |
        | carol  | short | 4        | 2,100 | 10x      |
      # 4 of bob's 10 are closed against carol at his bankruptcy price of 1,900, a loss of 400;
      # the other 6 at the mark price of 1,800, a loss of 1,200, of which his margin pays 600
      When the mark price of ETHUSDT is 1,800
      Then the mark price change brings about:
        | event                | trader | quantity | margin forfeited | realized PnL | insurance fund |
        | isolated liquidation | bob    | 10       | 1,000            | -1,600       | -600           |
        | auto-deleveraging    | carol  | 4        |                  | 800          |                |
      And bob's liquidation was covered by auto-deleveraging these positions, in this order:
        | trader | quantity | closed at |
        | carol  | 4        | 1,900     |
      And bob's liquidation notes that the insurance fund went below zero
      And the USDT insurance fund is now 600 below zero
      And bob's cross wallet holds 9,000 USDT

  Rule: Every liquidation, auto-deleveraging and margin call is recorded with the rule that decided it

    Scenario: A trader's liquidation history shows what happened to the account, newest first
      Given alice has chosen Isolated margin for BTCUSDT
      And alice holds a long position of 1 BTCUSDT at 20,000 with 10x leverage
      And alice has removed 924 USDT of margin from the BTCUSDT position
      When the mark price of BTCUSDT moves through:
        | mark price |
        | 19,010     |
        | 19,000     |
      Then alice's liquidation history shows, newest first:
        | event                | symbol  | mark price | risk ratio  | margin forfeited | rule                                                                                   |
        | isolated liquidation | BTCUSDT | 19,000     | 100 %       | 1,076            | In isolated margin mode a position is liquidated when its own risk ratio reaches 100 % |
        | margin call          | BTCUSDT | 19,010     | 88.418605 % |                  | A risk ratio at the margin-call threshold raises a margin call once                    |
      And every event in alice's liquidation history names the revision of the rule set that decided it

    Scenario: An auto-deleveraged position is in its trader's history too
      Given the USDT insurance fund holds 0
      And these traders, each with 10,000 USDT in the cross wallet, hold isolated ETHUSDT positions:
        | trader | side  | quantity | price | leverage |
        | bob    | long  | 10       | 2,000 | 20x      |
        | carol  | short | 4        | 2,100 | 10x      |
      When the mark price of ETHUSDT is 1,800
      Then carol's liquidation history shows, newest first:
        | event             | symbol  | quantity | mark price | closed at | realized PnL | rule                                                                                   |
        | auto-deleveraging | ETHUSDT | 4        | 1,800      | 1,900     | 800          | In isolated margin mode a position is liquidated when its own risk ratio reaches 100 % |

  Rule: Every payment into the insurance fund and every withdrawal from it is on record, with who made it

    Scenario: A deposit and a withdrawal are recorded, newest first, with the balance each left
      Given the USDT insurance fund holds 1,000,000
      When the platform pays 500 into the USDT insurance fund
      And the platform takes 200 out of the USDT insurance fund
      Then the USDT insurance fund now holds 1,000,300
      And the insurance fund's latest movements, newest first, are:
        | currency | amount | balance after | made by      |
        | USDT     | -200   | 1,000,300     | the platform |
        | USDT     | 500    | 1,000,500     | the platform |
