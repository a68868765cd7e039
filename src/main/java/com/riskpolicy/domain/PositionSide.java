package com.riskpolicy.domain;

import java.math.BigDecimal;

/** The side of a one-way position. */
public enum PositionSide {
    LONG(BigDecimal.ONE),
    SHORT(BigDecimal.ONE.negate());

    private final BigDecimal sign;

    PositionSide(BigDecimal sign) {
        this.sign = sign;
    }

    /** s in the spec: +1 for a long, -1 for a short. */
    public BigDecimal sign() {
        return sign;
    }

    public PositionSide opposite() {
        return this == LONG ? SHORT : LONG;
    }
}
