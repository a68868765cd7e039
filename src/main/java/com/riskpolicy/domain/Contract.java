package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** A linear perpetual contract: its settlement currency and its risk-limit tiers, lowest first. */
public record Contract(String symbol, String settlementCurrency, List<RiskTier> tiers) {

    public Contract {
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("contract " + symbol + " has no risk tiers");
        }
    }

    /** The tier whose band holds the position value; empty above the last cap (outside the risk limit). */
    public Optional<RiskTier> tierFor(BigDecimal positionValue) {
        return Optional.ofNullable(tierOrNull(positionValue));
    }

    /**
     * The tier whose band holds the position value; the last tier above the risk limit, so that a
     * position's maintenance margin never shrinks as it grows.
     */
    public RiskTier tierOrLast(BigDecimal positionValue) {
        RiskTier tier = tierOrNull(positionValue);
        return tier != null ? tier : lastTier();
    }

    // Indexed, without an Optional: a liquidation price looks its tier up once a pass, and an
    // iterator and an Optional a lookup were 4 % of what an opening allocated (issue 15)
    private RiskTier tierOrNull(BigDecimal positionValue) {
        for (int i = 0; i < tiers.size(); i++) {
            RiskTier tier = tiers.get(i);
            if (tier.contains(positionValue)) {
                return tier;
            }
        }
        return null;
    }

    /** The largest position value the contract accepts. */
    public BigDecimal riskLimit() {
        return lastTier().cap();
    }

    public RiskTier lastTier() {
        return tiers.get(tiers.size() - 1);
    }
}
