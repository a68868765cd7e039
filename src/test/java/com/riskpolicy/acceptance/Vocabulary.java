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

    /** The actions a scenario asks the service to decide on; the features call them switch, opening and order. */
    enum Action {
        SWITCH_MARGIN_MODE, OPEN_POSITION, PLACE_ORDER
    }

    enum Outcome {
        ALLOW, DENY
    }
}
