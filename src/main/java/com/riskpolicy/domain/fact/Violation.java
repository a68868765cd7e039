package com.riskpolicy.domain.fact;

/**
 * Inserted by a rule that refuses the action. {@code rule} is the name of that rule, a sentence from
 * the product documentation; {@code code} is stable API.
 */
public record Violation(String code, String rule, String message) {
}
