package com.riskpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.Contract;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

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

    @Test
    void a_missing_required_parameter_is_named() {
        RuleFiles broken = with("risk-parameters.csv", csv -> csv.lines()
                .filter(line -> !line.startsWith("default-leverage")).reduce("", (a, b) -> a + b + "\n"));
        assertTrue(errorsOf(broken).stream().anyMatch(e -> e.message().contains("default-leverage")));
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
