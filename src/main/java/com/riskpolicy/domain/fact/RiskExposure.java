package com.riskpolicy.domain.fact;

import java.math.BigDecimal;

/**
 * What the liquidation rules see on a mark-price tick: one isolated position, or one account's
 * whole cross book, whose risk ratio has come near a threshold.
 *
 * @param scope        {@link Scope#ISOLATED_POSITION} or {@link Scope#CROSS_ACCOUNT}
 * @param symbol       the isolated position's contract; the ticking contract for a cross book
 * @param riskRatio    maintenance margin / margin balance at the new mark price; null when unbounded
 * @param unbounded    something must be maintained and the margin balance is not positive
 * @param marginCalled a margin call has already been raised and the ratio has not fallen back since
 */
public record RiskExposure(
        Scope scope,
        String accountId,
        String symbol,
        BigDecimal riskRatio,
        boolean unbounded,
        boolean marginCalled) {

    public enum Scope {
        ISOLATED_POSITION,
        CROSS_ACCOUNT
    }

    /** True when the ratio is unbounded or at least {@code threshold}. */
    public boolean reaches(BigDecimal threshold) {
        return unbounded || riskRatio.compareTo(threshold) >= 0;
    }
}
