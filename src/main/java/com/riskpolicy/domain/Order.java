package com.riskpolicy.domain;

import java.math.BigDecimal;

/** A resting order. It reserves {@code quantity × price / leverage} of margin until cancelled. */
public record Order(
        String orderId,
        String symbol,
        OrderSide side,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal leverage,
        MarginMode mode) {

    public BigDecimal reservedMargin() {
        return Money.divide(Money.multiply(quantity, price), leverage);
    }
}
