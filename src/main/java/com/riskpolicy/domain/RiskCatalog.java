package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers risk officers own, as loaded from the rules folder: contracts with their tiers, the
 * collateral the cross wallet accepts and named risk parameters.
 *
 * @param valuationCurrency the currency every amount is valued in (the collateral without a price
 *                          symbol); every contract settles in it
 */
public record RiskCatalog(
        Map<String, Contract> contracts,
        Map<String, CollateralAsset> collateral,
        Map<String, BigDecimal> parameters,
        String valuationCurrency) {

    /** Leverage of a symbol that has never had one set. */
    public static final String DEFAULT_LEVERAGE = "default-leverage";
    /** A risk ratio at or above this is shown as liquidatable. */
    public static final String LIQUIDATION_RISK_RATIO = "liquidation-risk-ratio";

    public RiskCatalog {
        contracts = Map.copyOf(contracts);
        collateral = Map.copyOf(collateral);
        parameters = Map.copyOf(parameters);
    }

    public Optional<Contract> contract(String symbol) {
        return Optional.ofNullable(contracts.get(symbol));
    }

    public Contract requireContract(String symbol) {
        return contract(symbol).orElseThrow(() -> new UnknownSymbolException(symbol));
    }

    public BigDecimal parameter(String name) {
        BigDecimal value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("risk parameter '" + name + "' is not defined in the rules folder");
        }
        return value;
    }

    public BigDecimal defaultLeverage() {
        return parameter(DEFAULT_LEVERAGE);
    }
}
