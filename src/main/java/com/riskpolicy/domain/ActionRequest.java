package com.riskpolicy.domain;

import java.math.BigDecimal;

/** An action on one account that the rules decide before it happens. */
public sealed interface ActionRequest {

    Action action();

    String symbol();

    /** Switch a contract's margin mode (docs/margin-policy.md §3.1). */
    record SwitchMarginMode(String symbol, MarginMode targetMode) implements ActionRequest {
        @Override
        public Action action() {
            return Action.SWITCH_MARGIN_MODE;
        }
    }

    /**
     * Open (or add to) a position as a fill at {@code price}, or place an order that would (docs/margin-policy.md §3.2).
     *
     * @param action   {@link Action#OPEN_POSITION} or {@link Action#PLACE_ORDER}
     * @param leverage null to use the symbol's leverage
     */
    record OpenPosition(Action action, String symbol, PositionSide side, BigDecimal quantity, BigDecimal price,
                        BigDecimal leverage) implements ActionRequest {
        public OpenPosition {
            if (action != Action.OPEN_POSITION && action != Action.PLACE_ORDER) {
                throw new IllegalArgumentException("not an opening action: " + action);
            }
        }
    }

    /** Set the leverage of a contract, and of its open position if there is one (docs/margin-policy.md §3.5). */
    record AdjustLeverage(String symbol, BigDecimal leverage) implements ActionRequest {
        @Override
        public Action action() {
            return Action.ADJUST_LEVERAGE;
        }
    }

    /**
     * Add margin to, or remove it from, an isolated position (docs/margin-policy.md §3.3, §3.4).
     *
     * @param action   {@link Action#ADD_MARGIN} or {@link Action#REMOVE_MARGIN}
     * @param currency null for the contract's settlement currency
     */
    record AdjustMargin(Action action, String symbol, BigDecimal amount, String currency) implements ActionRequest {
        public AdjustMargin {
            if (action != Action.ADD_MARGIN && action != Action.REMOVE_MARGIN) {
                throw new IllegalArgumentException("not a margin action: " + action);
            }
        }
    }
}
