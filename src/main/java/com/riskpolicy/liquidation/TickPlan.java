package com.riskpolicy.liquidation;

import com.riskpolicy.domain.AccountSnapshot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Everything one mark-price tick changes, worked out before anything is written, so that the
 * ledger applies it in one transaction and the index follows only once it has committed.
 *
 * @param isolatedCloses isolated positions liquidated on accounts nothing else touched: the position
 *                       and the symbol's open orders go, the cross wallet stays as it is
 * @param accountChanges whole-account changes (account liquidations, ADL counterparties), as
 *                       committed state before and after, without mark prices
 * @param fundDeltas     per settlement currency, what the insurance fund receives (or pays, negative)
 */
public record TickPlan(
        String symbol,
        BigDecimal markPrice,
        String ruleSetRevision,
        List<LiquidationEvent> events,
        List<PositionKey> isolatedCloses,
        List<AccountChange> accountChanges,
        Map<String, BigDecimal> fundDeltas,
        Flags flags) {

    /** An account's position in one contract. */
    public record PositionKey(String accountId, String symbol) {
    }

    public record AccountChange(AccountSnapshot before, AccountSnapshot after) {
    }

    /** Margin calls raised, and pending ones whose ratio fell back below the threshold. */
    public record Flags(List<String> isolatedCalled, List<String> isolatedRecovered,
                        List<String> crossCalled, List<String> crossRecovered) {
    }

    public boolean changesLedger() {
        return !isolatedCloses.isEmpty() || !accountChanges.isEmpty();
    }
}
