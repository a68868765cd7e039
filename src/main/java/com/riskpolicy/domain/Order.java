package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * A resting order. It reserves {@code quantity × price / leverage} of margin until cancelled; that
 * amount is worked out once, when the order is made, since every decision on the account sums it.
 */
public record Order(
        String orderId,
        String symbol,
        OrderSide side,
        BigDecimal quantity,
        BigDecimal price,
        BigDecimal leverage,
        MarginMode mode,
        BigDecimal reservedMargin) {

    public Order(String orderId, String symbol, OrderSide side, BigDecimal quantity, BigDecimal price,
                 BigDecimal leverage, MarginMode mode) {
        this(orderId, symbol, side, quantity, price, leverage, mode,
                MarginMath.initialMargin(MarginMath.positionValue(quantity, price), leverage));
    }
}
