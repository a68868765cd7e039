package com.riskpolicy.domain;

/** How a contract's positions are margined for one account. */
public enum MarginMode {
    /** All cross positions share the cross wallet. */
    CROSS,
    /** Each position holds its own margin; its loss never exceeds that margin. */
    ISOLATED
}
