package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Vocabulary.Action;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import com.riskpolicy.acceptance.Vocabulary.Outcome;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the service answers, read as a client outside the service would read it (api.md): only the
 * fields the features look at. The suite keeps its own copies so it can run against any deployment.
 */
final class ServiceViews {

    private ServiceViews() {
    }

    record Account(String accountId, Map<String, BigDecimal> balances, BigDecimal crossEquity,
                   BigDecimal crossInitialMargin, BigDecimal transferable, Map<String, MarginMode> marginModes,
                   List<Position> positions, List<Order> orders) {

        BigDecimal balance(String currency) {
            return balances.getOrDefault(currency, BigDecimal.ZERO);
        }

        /** The contract's margin mode; a contract the account never set is in the documented default, Cross. */
        MarginMode marginMode(String symbol) {
            return marginModes.getOrDefault(symbol, MarginMode.CROSS);
        }

        Optional<Position> position(String symbol) {
            return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
        }

        List<Order> orders(String symbol) {
            return orders.stream().filter(o -> o.symbol().equals(symbol)).toList();
        }
    }

    record Position(String symbol, MarginMode mode, PositionSide side, BigDecimal quantity, BigDecimal entryPrice,
                    BigDecimal markPrice, BigDecimal leverage, BigDecimal isolatedMargin) {
    }

    record Order(String orderId, String symbol, OrderSide side, BigDecimal quantity, BigDecimal price,
                 BigDecimal leverage, MarginMode mode, BigDecimal reservedMargin) {
    }

    record Decision(String decisionId, Action action, Outcome decision, List<Violation> violations,
                    Preview preview, List<String> firedRules) {

        boolean allowed() {
            return decision == Outcome.ALLOW;
        }

        List<String> codes() {
            return violations.stream().map(Violation::code).toList();
        }
    }

    record Violation(String code, String rule, String message) {
    }

    record Preview(BigDecimal transferFromCross) {
    }
}
