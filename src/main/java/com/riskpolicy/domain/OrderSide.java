package com.riskpolicy.domain;

/** The side of an order; a buy opens or adds to a long, a sell to a short (one-way mode). */
public enum OrderSide {
    BUY(PositionSide.LONG),
    SELL(PositionSide.SHORT);

    private final PositionSide opens;

    OrderSide(PositionSide opens) {
        this.opens = opens;
    }

    public PositionSide opens() {
        return opens;
    }
}
