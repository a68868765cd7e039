package com.riskpolicy.domain.fact;

/** Inserted by a rule that cautions about an action without refusing it. */
public record Warning(String code, String rule, String message) {
}
