package com.riskpolicy.liquidation;

import static com.riskpolicy.domain.PositionSide.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Position;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index as a node rebuilds it from the database: after another node changed an account
 * ({@link LiquidationBook#replace}), and with the margin calls in force recorded there
 * ({@link LiquidationBook#marginCalls}), after a restart or on another node.
 */
class IndexFollowsTheDatabaseTest {

    /** LONG 1 BTCUSDT @ 20,000, 10x, 1,076 of margin: margin called at 19,010 (88.418605 %), liquidated at 19,000. */
    private static Exchange alice() {
        Exchange exchange = Exchange.shipped().mark("BTCUSDT", "20000").mark("ETHUSDT", "2000");
        exchange.trader("alice", "5000").isolated("BTCUSDT", LONG, "1", "20000", "10", "1076");
        return exchange;
    }

    /** LONG 1 BTCUSDT @ 20,000, 20x, cross, 1,076 in the wallet. */
    private static Exchange bob() {
        Exchange exchange = Exchange.shipped().mark("BTCUSDT", "20000").mark("ETHUSDT", "2000");
        exchange.trader("bob", "1076").cross("BTCUSDT", LONG, "1", "20000", "20");
        return exchange;
    }

    private static List<LiquidationType> types(TickPlan plan) {
        return plan.events().stream().map(LiquidationEvent::type).toList();
    }

    @Test
    void a_position_another_node_closed_is_no_longer_liquidated_here() {
        Exchange exchange = alice();
        AccountSnapshot closedElsewhere = exchange.account("alice").toBuilder().removePosition("BTCUSDT").build();
        exchange.accounts.put("alice", closedElsewhere);

        exchange.book.replace(closedElsewhere);

        assertEquals(List.of(), types(exchange.tick("BTCUSDT", "18000")));
        assertEquals(0, exchange.book.isolatedPositions());
    }

    @Test
    void a_position_changed_elsewhere_is_indexed_with_its_new_margin() {
        Exchange exchange = alice();
        AccountSnapshot topped = exchange.account("alice").toBuilder()
                .position(new Position("BTCUSDT", LONG, Exchange.d("1"), Exchange.d("20000"), Exchange.d("10"),
                        MarginMode.ISOLATED, Exchange.d("3000")))
                .build();
        exchange.accounts.put("alice", topped);

        exchange.book.replace(topped);

        assertEquals(List.of(), types(exchange.tick("BTCUSDT", "19000")), "3,000 of margin is far from liquidation at 19,000");
    }

    @Test
    void an_isolated_margin_call_in_force_is_not_raised_again_by_a_node_that_rebuilt_its_index() {
        assertEquals(List.of(LiquidationType.MARGIN_CALL), types(alice().tick("BTCUSDT", "19010")));
        Exchange restarted = alice();
        restarted.book.marginCalls("alice", Set.of("BTCUSDT"));

        assertEquals(List.of(), types(restarted.tick("BTCUSDT", "19010")));
        assertEquals(List.of(), types(restarted.tick("BTCUSDT", "19005")));
        restarted.tick("BTCUSDT", "19500");
        assertEquals(List.of(LiquidationType.MARGIN_CALL), types(restarted.tick("BTCUSDT", "19010")),
                "called again once the ratio fell below the threshold");
    }

    @Test
    void a_cross_margin_call_in_force_is_not_raised_again_by_a_node_that_rebuilt_its_index() {
        assertEquals(List.of(LiquidationType.MARGIN_CALL), types(bob().tick("BTCUSDT", "19010")));
        Exchange restarted = bob();
        restarted.book.marginCalls("bob", Set.of(LiquidationBook.CROSS_BOOK));

        assertEquals(List.of(), types(restarted.tick("BTCUSDT", "19010")));
    }
}
