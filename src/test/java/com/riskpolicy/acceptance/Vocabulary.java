package com.riskpolicy.acceptance;

/** The trading words of the features, spelled as the service spells them. */
final class Vocabulary {

    private Vocabulary() {
    }

    enum MarginMode {
        CROSS, ISOLATED
    }

    enum PositionSide {
        LONG, SHORT
    }

    enum OrderSide {
        BUY, SELL
    }

    /**
     * The actions a scenario asks the service to decide on; the features call them switch, opening,
     * order, margin addition, margin removal and leverage change.
     */
    enum Action {
        SWITCH_MARGIN_MODE, OPEN_POSITION, PLACE_ORDER, ADD_MARGIN, REMOVE_MARGIN, ADJUST_LEVERAGE
    }

    enum Outcome {
        ALLOW, DENY
    }

    /** Which way margin moves between the cross wallet and an isolated position. */
    enum MarginTransfer {
        ADD, REMOVE
    }

    /** The figures of a position that the features read, named as the features name them. */
    enum PositionFigure {
        QUANTITY("quantity"),
        ENTRY_PRICE("entry price"),
        MARK_PRICE("mark price"),
        LEVERAGE("leverage"),
        POSITION_VALUE("position value"),
        UNREALIZED_PNL("unrealized PnL"),
        ISOLATED_MARGIN("isolated margin"),
        MARGIN_BALANCE("margin balance"),
        REQUIRED_MARGIN("required margin"),
        MAINTENANCE_MARGIN("maintenance margin"),
        RISK_RATIO("risk ratio"),
        LIQUIDATION_PRICE("liquidation price");

        private final String label;

        PositionFigure(String label) {
            this.label = label;
        }

        static PositionFigure named(String label) {
            for (PositionFigure figure : values()) {
                if (figure.label.equals(label)) {
                    return figure;
                }
            }
            throw new IllegalArgumentException("unknown position figure '" + label + "'");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What a mark price change can do to an account, named as the features name it. */
    enum LiquidationEventType {
        ISOLATED_LIQUIDATION("isolated liquidation"),
        ACCOUNT_LIQUIDATION("account liquidation"),
        ADL("auto-deleveraging"),
        MARGIN_CALL("margin call");

        private final String label;

        LiquidationEventType(String label) {
            this.label = label;
        }

        static LiquidationEventType named(String label) {
            for (LiquidationEventType type : values()) {
                if (type.label.equals(label)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown event '" + label + "'");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Where a mark price change leaves a position or a cross account, at the risk ratio it reached. */
    enum RiskOutcome {
        LIQUIDATED, MARGIN_CALLED, NEITHER
    }
}
