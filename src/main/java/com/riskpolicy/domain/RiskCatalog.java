package com.riskpolicy.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** A risk ratio at or above this is shown as liquidatable; the liquidation index screens for it. */
    public static final String LIQUIDATION_RISK_RATIO = "liquidation-risk-ratio";
    /** The liquidation index screens for a risk ratio at or above this, for the margin-call rule. */
    public static final String MARGIN_CALL_RISK_RATIO = "margin-call-risk-ratio";

    /**
     * The parameters the service itself reads, through the accessors below and nowhere else: a rule
     * set without any of them is refused when it loads, never at its first use.
     */
    public static final List<String> SERVICE_PARAMETERS =
            List.of(DEFAULT_LEVERAGE, LIQUIDATION_RISK_RATIO, MARGIN_CALL_RISK_RATIO);

    public RiskCatalog {
        // in the order of contracts.csv, so that whatever goes through the contracts (the contract
        // list, the self-test's report) comes out the same every time
        contracts = Collections.unmodifiableMap(new LinkedHashMap<>(contracts));
        collateral = Map.copyOf(collateral);
        parameters = Map.copyOf(parameters);
    }

    public Optional<Contract> contract(String symbol) {
        return Optional.ofNullable(contracts.get(symbol));
    }

    public Contract requireContract(String symbol) {
        Contract contract = contracts.get(symbol);
        if (contract == null) {
            throw new UnknownSymbolException(symbol);
        }
        return contract;
    }

    public BigDecimal defaultLeverage() {
        return parameter(DEFAULT_LEVERAGE);
    }

    public BigDecimal liquidationRiskRatio() {
        return parameter(LIQUIDATION_RISK_RATIO);
    }

    public BigDecimal marginCallRiskRatio() {
        return parameter(MARGIN_CALL_RISK_RATIO);
    }

    private BigDecimal parameter(String name) {
        BigDecimal value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("risk parameter '" + name + "' is not defined in the rules folder");
        }
        return value;
    }
}
