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
        for (RiskTier tier : tiers) {
            if (tier.contains(positionValue)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    /** The largest position value the contract accepts. */
    public BigDecimal riskLimit() {
        return lastTier().cap();
    }

    public RiskTier lastTier() {
        return tiers.get(tiers.size() - 1);
    }
}
