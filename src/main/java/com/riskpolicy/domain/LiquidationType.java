package com.riskpolicy.domain;

/** What a mark-price tick did to a position or an account (docs/margin-policy.md §3.6). */
public enum LiquidationType {
    /** An isolated position reached the liquidation risk ratio: closed, its margin forfeited. */
    ISOLATED_LIQUIDATION,
    /** An account's cross book reached the liquidation risk ratio: every cross position closed. */
    ACCOUNT_LIQUIDATION,
    /** A position reduced at a liquidated position's bankruptcy price because the insurance fund could not cover it. */
    ADL,
    /** A risk ratio reached the margin-call threshold: a warning, no action. */
    MARGIN_CALL
}
