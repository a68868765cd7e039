package com.riskpolicy.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.math.BigDecimal;

/** Assertions on decisions that name what was expected. */
final class PolicyAssertions {

    private PolicyAssertions() {
    }

    static void assertAllowed(Decision decision) {
        assertEquals(Outcome.ALLOW, decision.decision(), () -> "expected ALLOW but violations were " + decision.violations());
        assertTrue(decision.violations().isEmpty());
    }

    static void assertDenied(Decision decision, String code, String rule) {
        assertEquals(Outcome.DENY, decision.decision(), () -> "expected DENY " + code);
        Violation violation = decision.violations().stream().filter(v -> v.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " among " + decision.violations()));
        assertEquals(rule, violation.rule());
        assertTrue(decision.firedRules().contains(rule), () -> rule + " not in fired rules " + decision.firedRules());
    }

    static void assertOnlyViolation(Decision decision, String code, String rule) {
        assertDenied(decision, code, rule);
        assertEquals(1, decision.violations().size(), () -> "expected only " + code + " but got " + decision.violations());
    }

    static void assertWarned(Decision decision, String code) {
        assertTrue(decision.warnings().stream().map(Warning::code).anyMatch(code::equals),
                () -> "expected warning " + code + " but got " + decision.warnings());
    }

    static void assertDecimal(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual),
                () -> "expected " + expected + " but was " + (actual == null ? null : actual.toPlainString()));
    }
}
