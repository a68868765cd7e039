package com.riskpolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.fact.ModeSwitch;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An evaluation in a warm session decides as one in a fresh session: nothing an evaluation inserts,
 * derives or deletes reaches the next one, and a rule set whose rules fire on the risk parameters
 * alone gets a fresh session every time.
 */
class WarmSessionsTest {

    private static final String HEADER = """
            package policy.warm;
            import com.riskpolicy.domain.fact.ModeSwitch;
            import com.riskpolicy.domain.fact.RiskParameter;
            import com.riskpolicy.domain.fact.Violation;
            import com.riskpolicy.domain.fact.Warning;
            """;

    /** Rules that leave something behind in a session unless it is cleaned. */
    private static final String LEAVING = HEADER + """
            rule "An evaluation derives a fact"
            when
                ModeSwitch( symbol == "DERIVE" )
            then
                insert(new Warning("DERIVED", "derive", "derived"));
            end

            rule "An evaluation derives a fact logically"
            when
                ModeSwitch( symbol == "LOGICAL" )
            then
                insertLogical(new Warning("DERIVED", "derive logically", "derived"));
            end

            rule "A derived fact from another evaluation would deny"
            when
                ModeSwitch( symbol == "NEXT" )
                Warning( code == "DERIVED" )
            then
                insert(new Violation("LEFT_OVER", "left over", "a fact of an earlier evaluation"));
            end

            rule "An evaluation deletes a risk parameter"
            when
                ModeSwitch( symbol == "DELETE" )
                $parameter : RiskParameter( name == "default-leverage" )
            then
                delete($parameter);
            end

            rule "A missing risk parameter would deny"
            when
                ModeSwitch( symbol == "NEXT" )
                not RiskParameter( name == "default-leverage" )
            then
                insert(new Violation("PARAMETER_MISSING", "missing", "default-leverage is gone"));
            end

            rule "A request derives a fact and retracts it"
            when
                $switch : ModeSwitch( symbol == "RETRACT" )
            then
                Warning derived = new Warning("DERIVED", "retract", "derived");
                insert(derived);
                delete(derived);
            end
            """;

    private static ModeSwitch request(String symbol) {
        return new ModeSwitch("acc", symbol, MarginMode.CROSS, MarginMode.ISOLATED, BigDecimal.ZERO, 0);
    }

    private static RuleSet rulesWith(String drl) throws RuleCompilationException {
        Map<String, String> files = new HashMap<>(RuleFiles.read(ShippedRules.FOLDER).contents());
        files.put("warm.drl", drl);
        return new RuleSetCompiler(2, 50).compile(RuleFiles.of(files));
    }

    private static List<String> codes(Evaluation evaluation) {
        return evaluation.violations().stream().map(Violation::code).toList();
    }

    @Test
    void the_shipped_rules_evaluate_in_warm_sessions() {
        assertTrue(ShippedRules.active().warmSessions());
    }

    @Test
    void what_an_evaluation_inserts_or_deletes_does_not_reach_the_next_one() throws Exception {
        RuleSet rules = rulesWith(LEAVING);
        assertTrue(rules.warmSessions());
        for (String earlier : List.of("DERIVE", "LOGICAL", "DELETE", "RETRACT")) {
            Evaluation first = rules.evaluate(List.of(request(earlier)));
            assertTrue(first.allowed(), first::toString);
            Evaluation next = rules.evaluate(List.of(request("NEXT")));
            assertEquals(List.of(), codes(next), "after " + earlier);
            assertEquals(List.of(), next.warnings(), "after " + earlier);
            assertEquals(List.of(), next.firedRules(), "after " + earlier);
        }
        Evaluation derived = rules.evaluate(List.of(request("DERIVE")));
        assertEquals(List.of("DERIVED"), derived.warnings().stream().map(Warning::code).toList());
        assertEquals(List.of("An evaluation derives a fact"), derived.firedRules());
    }

    @Test
    void a_rule_that_fires_on_the_risk_parameters_alone_fires_in_every_evaluation() throws Exception {
        RuleSet rules = rulesWith(HEADER + """
                rule "Trading halted"
                when
                    RiskParameter( name == "default-leverage", value > 0 )
                then
                    insert(new Violation("TRADING_HALTED", "halted", "no action while halted"));
                end
                """);
        assertFalse(rules.warmSessions());
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("TRADING_HALTED"), codes(rules.evaluate(List.of(request("BTCUSDT")))));
        }
    }

    @Test
    void a_rule_without_a_pattern_fires_in_every_evaluation() throws Exception {
        RuleSet rules = rulesWith(HEADER + """
                rule "Every action is noted"
                when
                then
                    insert(new Warning("NOTED", "noted", "noted"));
                end
                """);
        assertFalse(rules.warmSessions());
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of("NOTED"),
                    rules.evaluate(List.of(request("BTCUSDT"))).warnings().stream().map(Warning::code).toList());
        }
    }
}
