package com.riskpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.fact.LeverageChange;
import com.riskpolicy.domain.fact.RiskExposure;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Compiling the rules folder: the shipped set, and broken ones reported like a compiler would. */
class RuleSetCompilerTest {

    private final RuleSetCompiler compiler = new RuleSetCompiler(1, 100);
    private final RuleFiles shipped = RuleFiles.read(ShippedRules.FOLDER);

    private RuleFiles with(String file, UnaryOperator<String> change) {
        Map<String, String> files = new HashMap<>(shipped.contents());
        files.put(file, change.apply(files.getOrDefault(file, "")));
        return RuleFiles.of(files);
    }

    private RuleFiles without(String file) {
        Map<String, String> files = new HashMap<>(shipped.contents());
        files.remove(file);
        return RuleFiles.of(files);
    }

    private List<RuleError> errorsOf(RuleFiles files) {
        return assertThrows(RuleCompilationException.class, () -> compiler.compile(files)).errors();
    }

    @Test
    void the_shipped_rules_compile_with_both_contracts_and_their_twelve_tiers() throws Exception {
        RuleSet rules = compiler.compile(shipped);
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), List.copyOf(new java.util.TreeSet<>(rules.catalog().contracts().keySet())));
        Contract eth = rules.catalog().requireContract("ETHUSDT");
        assertEquals(12, eth.tiers().size());
        assertEquals(0, new BigDecimal("1200000000").compareTo(eth.riskLimit()));
        assertEquals("USDT", rules.catalog().valuationCurrency());
        assertEquals(0, new BigDecimal("0.95").compareTo(rules.catalog().collateral().get("BTC").collateralRatio()));
        assertTrue(rules.files().containsAll(List.of("margin-mode.drl", "open-position.drl", "risk-tiers.csv")));
    }

    @Test
    void the_revision_is_a_sha256_of_the_sorted_file_names_and_contents() throws Exception {
        String revision = compiler.compile(shipped).revision();
        assertTrue(revision.matches("sha256:[0-9a-f]{64}"), revision);
        assertEquals(revision, RuleFiles.of(new HashMap<>(shipped.contents())).revision(), "independent of map order");
        assertNotEquals(revision, with("margin-mode.drl", drl -> drl + "\n// a comment\n").revision());
    }

    @Test
    void a_drl_syntax_error_names_the_file_line_and_column() {
        RuleFiles broken = with("margin-mode.drl", drl -> drl.replace("$switch : ModeSwitch( targetMode != currentMode, positionQuantity > 0 )",
                "$switch : ModeSwitch( targetMode != currentMode, positionQuantity > )"));
        List<RuleError> errors = errorsOf(broken);
        RuleError error = errors.get(0);
        assertEquals("margin-mode.drl", error.file());
        assertEquals(lineOf(shipped.contents().get("margin-mode.drl"), "positionQuantity > 0"), error.line(), errors::toString);
        assertTrue(error.column() > 1, errors::toString);
    }

    @Test
    void a_drl_type_error_names_the_file_and_line() {
        RuleFiles broken = with("open-position.drl", drl -> drl.replace("positionValueAfter > riskLimit", "positionValueAfter > riskLimits"));
        List<RuleError> errors = errorsOf(broken);
        assertEquals("open-position.drl", errors.get(0).file(), errors::toString);
        assertTrue(errors.get(0).line() > 1, errors::toString);
    }

    @Test
    void a_bad_number_in_the_tier_table_names_the_cell() {
        RuleFiles broken = with("risk-tiers.csv", csv -> csv.replace("BTCUSDT,2,50000,600000,100,0.005,50",
                "BTCUSDT,2,50000,600000,100,0.5%,50"));
        RuleError error = errorsOf(broken).get(0);
        assertEquals(new RuleError("risk-tiers.csv", 3, 28, "maintenance_margin_rate must be a decimal number, got '0.5%'"), error);
    }

    @Test
    void a_maintenance_amount_that_breaks_continuity_is_refused_with_the_expected_value() {
        RuleFiles broken = with("risk-tiers.csv", csv -> csv.replace("BTCUSDT,3,600000,3000000,75,0.0065,950",
                "BTCUSDT,3,600000,3000000,75,0.0065,900"));
        RuleError error = errorsOf(broken).get(0);
        assertEquals("risk-tiers.csv", error.file());
        assertEquals(4, error.line());
        assertTrue(error.message().contains("must be 950"), error.message());
    }

    @Test
    void a_gap_between_tiers_is_refused() {
        RuleFiles broken = with("risk-tiers.csv", csv -> csv.replace("BTCUSDT,2,50000,600000", "BTCUSDT,2,60000,600000"));
        assertTrue(errorsOf(broken).get(0).message().contains("floor must be 50000"));
    }

    @Test
    void a_missing_table_is_named() {
        RuleError error = errorsOf(without("collateral.csv")).get(0);
        assertEquals("collateral.csv", error.file());
        assertTrue(error.message().contains("missing"), error.message());
    }

    private RuleFiles withoutParameter(String name) {
        return with("risk-parameters.csv", csv -> csv.lines()
                .filter(line -> !line.startsWith(name + ",")).reduce("", (a, b) -> a + b + "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default-leverage", "liquidation-risk-ratio", "margin-call-risk-ratio"})
    void every_parameter_the_service_reads_is_required_when_the_rules_load(String name) {
        assertEquals(List.of(new RuleError("risk-parameters.csv", 1, 1, "required parameter '" + name + "' is not defined")),
                errorsOf(withoutParameter(name)));
    }

    @Test
    void a_parameter_only_rules_read_is_not_required_by_the_service() throws Exception {
        assertTrue(compiler.compile(withoutParameter("cross-risk-caution-ratio")).catalog().parameters()
                .containsKey("margin-call-risk-ratio"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "default-leverage,20,|default-leverage,0.5,|2:18: default-leverage must be at least 1, got 0.5",
            "liquidation-risk-ratio,1,|liquidation-risk-ratio,0,|3:24: liquidation-risk-ratio must be above 0 and at most 1 (1 = 100 %), got 0",
            "liquidation-risk-ratio,1,|liquidation-risk-ratio,1.2,|3:24: liquidation-risk-ratio must be above 0 and at most 1 (1 = 100 %), got 1.2",
            "margin-call-risk-ratio,0.8,|margin-call-risk-ratio,-0.1,|5:24: margin-call-risk-ratio must be above 0, got -0.1",
            "margin-call-risk-ratio,0.8,|margin-call-risk-ratio,1,|5:24: margin-call-risk-ratio 1 must be below liquidation-risk-ratio 1: a margin call comes before the liquidation",
            "liquidation-risk-ratio,1,|liquidation-risk-ratio,0.75,|5:24: margin-call-risk-ratio 0.8 must be below liquidation-risk-ratio 0.75: a margin call comes before the liquidation"})
    void a_parameter_out_of_its_range_is_refused_at_its_cell(String from, String to, String expected) {
        RuleFiles broken = with("risk-parameters.csv", csv -> {
            assertTrue(csv.contains(from), from);
            return csv.replace(from, to);
        });
        assertEquals(List.of("risk-parameters.csv:" + expected), errorsOf(broken).stream().map(RuleError::toString).toList());
    }

    @Test
    void a_collateral_priced_by_an_unknown_contract_is_refused() {
        RuleFiles broken = with("collateral.csv", csv -> csv + "SOL,0.9,SOLUSDT\n");
        RuleError error = errorsOf(broken).get(0);
        assertEquals(new RuleError("collateral.csv", 5, 9, "price_symbol 'SOLUSDT' is not a contract in contracts.csv"), error);
    }

    @Test
    void a_table_saved_by_a_spreadsheet_with_a_byte_order_mark_and_crlf_reads_the_same() throws Exception {
        RuleFiles excel = with("risk-tiers.csv", csv -> "\uFEFF" + csv.replace("\n", "\r\n"));
        assertEquals(12, compiler.compile(excel).catalog().requireContract("BTCUSDT").tiers().size());
    }

    /**
     * Drools' default, property reactivity, warned for every constraint that calls a method with a
     * value bound in another pattern ({@code reaches($limit)}): "… causes class reactivity", about
     * twenty times a compile. The facts are immutable and no rule modifies one, so it is off.
     */
    @Test
    void compiling_and_evaluating_every_rule_logs_no_reactivity_warning() throws Exception {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger drools = Logger.getLogger("org.drools");
        drools.addHandler(handler);
        try {
            RuleSet rules = compiler.compile(shipped);
            BigDecimal ratio = new BigDecimal("0.9");
            rules.evaluate(List.of(new LeverageChange("a", "BTCUSDT", MarginMode.ISOLATED, BigDecimal.TEN, BigDecimal.ONE,
                    true, BigDecimal.TEN, 1, BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ONE,
                    BigDecimal.ZERO, BigDecimal.ONE, ratio, ratio)));
            rules.liquidationVerdicts(List.of(new RiskExposure(RiskExposure.Scope.ISOLATED_POSITION, "a", "BTCUSDT", ratio,
                    false, false)));
        } finally {
            drools.removeHandler(handler);
        }
        assertEquals(List.of(), warnings.stream().filter(w -> w.contains("reactivity")).toList());
    }

    private static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError(fragment + " not found");
    }
}
