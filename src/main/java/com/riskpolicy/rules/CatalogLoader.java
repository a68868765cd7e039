package com.riskpolicy.rules;

import com.riskpolicy.domain.CollateralAsset;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.domain.RiskTier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the tables of a rule set into a {@link RiskCatalog}, checking them the way a risk officer
 * would want a colleague to: every error names the file, line and column.
 */
final class CatalogLoader {

    static final String CONTRACTS = "contracts.csv";
    static final String TIERS = "risk-tiers.csv";
    static final String COLLATERAL = "collateral.csv";
    static final String PARAMETERS = "risk-parameters.csv";

    private final RuleFiles files;
    private final List<RuleError> errors;

    private CatalogLoader(RuleFiles files, List<RuleError> errors) {
        this.files = files;
        this.errors = errors;
    }

    /** The catalog, or null with the reasons added to {@code errors}. */
    static RiskCatalog load(RuleFiles files, List<RuleError> errors) {
        int before = errors.size();
        CatalogLoader loader = new CatalogLoader(files, errors);
        Map<String, BigDecimal> parameters = loader.parameters();
        Map<String, String> settlement = loader.contracts();
        Map<String, List<RiskTier>> tiers = loader.tiers(settlement);
        Map<String, CollateralAsset> collateral = loader.collateral(settlement);
        String valuationCurrency = loader.valuationCurrency(collateral, settlement);
        if (errors.size() > before) {
            return null;
        }
        Map<String, Contract> contracts = new LinkedHashMap<>();
        settlement.forEach((symbol, currency) -> contracts.put(symbol, new Contract(symbol, currency, tiers.get(symbol))));
        return new RiskCatalog(contracts, collateral, parameters, valuationCurrency);
    }

    private CsvTable table(String name, List<String> columns) {
        String text = files.contents().get(name);
        if (text == null) {
            errors.add(new RuleError(name, 1, 1, "required table is missing from the rules folder; columns " + columns));
            return CsvTable.parse(name, "", columns, new ArrayList<>());
        }
        return CsvTable.parse(name, text, columns, errors);
    }

    /**
     * The named parameters. Those the service reads itself ({@link RiskCatalog#SERVICE_PARAMETERS})
     * must be there, within their range: a leverage of at least 1; a liquidation risk ratio above 0
     * and at most 1 (1 = the margin balance no longer covers the maintenance margin, the documented
     * trigger; above it a position would stay open after that); a margin-call ratio above 0 and
     * below the liquidation ratio, or no call would ever come before the liquidation.
     */
    private Map<String, BigDecimal> parameters() {
        Map<String, BigDecimal> parameters = new TreeMap<>();
        Map<String, CsvTable.Cell> cells = new HashMap<>();
        CsvTable table = table(PARAMETERS, List.of("name", "value", "description"));
        for (CsvTable.Row row : table.rows()) {
            String name = row.text("name");
            BigDecimal value = row.decimal("value");
            if (name.isEmpty()) {
                row.error(row.cell("name"), "parameter name is empty");
            } else if (value != null && parameters.put(name, value) != null) {
                row.error(row.cell("name"), "parameter '" + name + "' is defined twice");
            } else if (value != null) {
                cells.put(name, row.cell("value"));
            }
        }
        if (!files.contents().containsKey(PARAMETERS)) {
            return parameters;
        }
        for (String required : RiskCatalog.SERVICE_PARAMETERS) {
            if (!parameters.containsKey(required)) {
                errors.add(new RuleError(PARAMETERS, 1, 1, "required parameter '" + required + "' is not defined"));
            }
        }
        BigDecimal leverage = parameters.get(RiskCatalog.DEFAULT_LEVERAGE);
        if (leverage != null && leverage.compareTo(BigDecimal.ONE) < 0) {
            error(cells.get(RiskCatalog.DEFAULT_LEVERAGE), RiskCatalog.DEFAULT_LEVERAGE + " must be at least 1, got "
                    + leverage.toPlainString());
        }
        BigDecimal liquidation = parameters.get(RiskCatalog.LIQUIDATION_RISK_RATIO);
        if (liquidation != null && (liquidation.signum() <= 0 || liquidation.compareTo(BigDecimal.ONE) > 0)) {
            error(cells.get(RiskCatalog.LIQUIDATION_RISK_RATIO), RiskCatalog.LIQUIDATION_RISK_RATIO
                    + " must be above 0 and at most 1 (1 = 100 %), got " + liquidation.toPlainString());
            liquidation = null;
        }
        BigDecimal marginCall = parameters.get(RiskCatalog.MARGIN_CALL_RISK_RATIO);
        if (marginCall != null && marginCall.signum() <= 0) {
            error(cells.get(RiskCatalog.MARGIN_CALL_RISK_RATIO), RiskCatalog.MARGIN_CALL_RISK_RATIO
                    + " must be above 0, got " + marginCall.toPlainString());
        } else if (marginCall != null && liquidation != null && marginCall.compareTo(liquidation) >= 0) {
            error(cells.get(RiskCatalog.MARGIN_CALL_RISK_RATIO), RiskCatalog.MARGIN_CALL_RISK_RATIO + " "
                    + marginCall.toPlainString() + " must be below " + RiskCatalog.LIQUIDATION_RISK_RATIO + " "
                    + liquidation.toPlainString() + ": a margin call comes before the liquidation");
        }
        return parameters;
    }

    private void error(CsvTable.Cell cell, String message) {
        errors.add(new RuleError(PARAMETERS, cell.line(), cell.column(), message));
    }

    private Map<String, String> contracts() {
        Map<String, String> settlement = new LinkedHashMap<>();
        CsvTable table = table(CONTRACTS, List.of("symbol", "settlement_currency"));
        for (CsvTable.Row row : table.rows()) {
            String symbol = row.text("symbol");
            String currency = row.text("settlement_currency");
            if (symbol.isEmpty() || currency.isEmpty()) {
                row.error("symbol and settlement_currency are required");
            } else if (settlement.put(symbol, currency) != null) {
                row.error(row.cell("symbol"), "contract " + symbol + " is listed twice");
            }
        }
        return settlement;
    }

    private Map<String, List<RiskTier>> tiers(Map<String, String> contracts) {
        Map<String, List<RiskTier>> bySymbol = new LinkedHashMap<>();
        CsvTable table = table(TIERS, List.of("symbol", "tier", "floor", "cap", "max_leverage",
                "maintenance_margin_rate", "maintenance_amount"));
        Set<String> broken = new HashSet<>();
        for (CsvTable.Row row : table.rows()) {
            String symbol = row.text("symbol");
            if (!contracts.containsKey(symbol)) {
                row.error(row.cell("symbol"), "symbol '" + symbol + "' is not listed in " + CONTRACTS);
                continue;
            }
            if (broken.contains(symbol)) {
                // an earlier row of this symbol is wrong: checking how later rows follow it would only echo that
                tier(row);
                continue;
            }
            RiskTier tier = tier(row);
            if (tier == null) {
                broken.add(symbol);
                continue;
            }
            List<RiskTier> tiers = bySymbol.computeIfAbsent(symbol, s -> new ArrayList<>());
            RiskTier previous = tiers.isEmpty() ? null : tiers.get(tiers.size() - 1);
            if (checkFollows(row, symbol, previous, tier)) {
                tiers.add(tier);
            } else {
                broken.add(symbol);
            }
        }
        for (String symbol : contracts.keySet()) {
            if (!bySymbol.containsKey(symbol) && !broken.contains(symbol) && files.contents().containsKey(TIERS)) {
                errors.add(new RuleError(TIERS, 1, 1, "contract " + symbol + " has no risk tiers"));
            }
        }
        return bySymbol;
    }

    private RiskTier tier(CsvTable.Row row) {
        CsvTable.Cell tierCell = row.cell("tier");
        int number;
        try {
            number = Integer.parseInt(tierCell.text().trim());
        } catch (NumberFormatException e) {
            row.error(tierCell, "tier must be a whole number, got '" + tierCell.text().trim() + "'");
            return null;
        }
        BigDecimal floor = row.decimal("floor");
        BigDecimal cap = row.decimal("cap");
        BigDecimal maxLeverage = row.decimal("max_leverage");
        BigDecimal rate = row.decimal("maintenance_margin_rate");
        BigDecimal amount = row.decimal("maintenance_amount");
        if (floor == null || cap == null || maxLeverage == null || rate == null || amount == null) {
            return null;
        }
        boolean valid = true;
        if (cap.compareTo(floor) <= 0) {
            row.error(row.cell("cap"), "cap " + cap.toPlainString() + " must be above floor " + floor.toPlainString());
            valid = false;
        }
        if (maxLeverage.compareTo(BigDecimal.ONE) < 0) {
            row.error(row.cell("max_leverage"), "max_leverage must be at least 1");
            valid = false;
        }
        if (rate.signum() <= 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            row.error(row.cell("maintenance_margin_rate"), "maintenance_margin_rate must be between 0 and 1 (0.004 is 0.4 %)");
            valid = false;
        }
        if (amount.signum() < 0) {
            row.error(row.cell("maintenance_amount"), "maintenance_amount must not be negative");
            valid = false;
        }
        return valid ? new RiskTier(number, floor, cap, maxLeverage, rate, amount) : null;
    }

    /**
     * Tiers of a symbol are numbered 1, 2, … without gaps, each starting where the previous ended,
     * and the maintenance margin is continuous at every boundary (what the maintenance amount is for):
     * floor × rate − amount equals the previous tier's figure at the same value.
     */
    private boolean checkFollows(CsvTable.Row row, String symbol, RiskTier previous, RiskTier tier) {
        int expected = previous == null ? 1 : previous.tier() + 1;
        if (tier.tier() != expected) {
            row.error(row.cell("tier"), symbol + ": expected tier " + expected + ", got " + tier.tier());
            return false;
        }
        BigDecimal expectedFloor = previous == null ? BigDecimal.ZERO : previous.cap();
        if (tier.floor().compareTo(expectedFloor) != 0) {
            row.error(row.cell("floor"), symbol + " tier " + tier.tier() + ": floor must be "
                    + expectedFloor.toPlainString() + (previous == null ? "" : ", the cap of tier " + previous.tier()));
            return false;
        }
        if (previous != null) {
            BigDecimal continuous = Money.subtract(
                    Money.add(previous.maintenanceAmount(),
                            Money.multiply(tier.floor(), tier.maintenanceMarginRate())),
                    Money.multiply(tier.floor(), previous.maintenanceMarginRate()));
            if (continuous.compareTo(tier.maintenanceAmount()) != 0) {
                row.error(row.cell("maintenance_amount"), symbol + " tier " + tier.tier()
                        + ": maintenance_amount must be " + continuous.stripTrailingZeros().toPlainString()
                        + " so that the maintenance margin is continuous at " + tier.floor().toPlainString());
                return false;
            }
        }
        return true;
    }

    private Map<String, CollateralAsset> collateral(Map<String, String> contracts) {
        Map<String, CollateralAsset> assets = new LinkedHashMap<>();
        CsvTable table = table(COLLATERAL, List.of("currency", "collateral_ratio", "price_symbol"));
        for (CsvTable.Row row : table.rows()) {
            String currency = row.text("currency");
            BigDecimal ratio = row.decimal("collateral_ratio");
            String priceSymbol = row.text("price_symbol");
            if (currency.isEmpty()) {
                row.error(row.cell("currency"), "currency is empty");
                continue;
            }
            if (ratio == null) {
                continue;
            }
            if (ratio.signum() < 0 || ratio.compareTo(BigDecimal.ONE) > 0) {
                row.error(row.cell("collateral_ratio"), "collateral_ratio must be between 0 and 1");
                continue;
            }
            if (!priceSymbol.isEmpty() && !contracts.containsKey(priceSymbol)) {
                row.error(row.cell("price_symbol"), "price_symbol '" + priceSymbol + "' is not a contract in " + CONTRACTS);
                continue;
            }
            if (assets.put(currency, new CollateralAsset(currency, ratio, priceSymbol.isEmpty() ? null : priceSymbol)) != null) {
                row.error(row.cell("currency"), "currency " + currency + " is listed twice");
            }
        }
        return assets;
    }

    private String valuationCurrency(Map<String, CollateralAsset> collateral, Map<String, String> contracts) {
        List<String> unpriced = collateral.values().stream()
                .filter(CollateralAsset::isValuationCurrency).map(CollateralAsset::currency).toList();
        if (!files.contents().containsKey(COLLATERAL)) {
            return null;
        }
        if (unpriced.size() != 1) {
            errors.add(new RuleError(COLLATERAL, 1, 1, "exactly one currency must have an empty price_symbol "
                    + "(the currency everything is valued in), found " + unpriced));
            return null;
        }
        String valuation = unpriced.get(0);
        contracts.forEach((symbol, currency) -> {
            if (!currency.equals(valuation)) {
                errors.add(new RuleError(CONTRACTS, 1, 1, "contract " + symbol + " settles in " + currency
                        + " but the cross wallet is valued in " + valuation));
            }
        });
        return valuation;
    }
}
