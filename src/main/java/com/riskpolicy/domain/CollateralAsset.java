package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * A currency the cross wallet accepts. Its market value is {@code balance × price}, where the price is
 * the mark price of {@code priceSymbol}, or 1 for the valuation currency (no price symbol). Only
 * {@code collateralRatio} of a positive value counts as margin; a negative balance (a liability)
 * counts in full.
 */
public record CollateralAsset(String currency, BigDecimal collateralRatio, String priceSymbol) {

    public boolean isValuationCurrency() {
        return priceSymbol == null;
    }
}
