package com.riskpolicy.domain.fact;

import java.math.BigDecimal;

/**
 * A named number from {@code rules/risk-parameters.csv}, present in every decision so that a rule
 * can compare against it: {@code RiskParameter(name == "cross-risk-caution-ratio", $limit : value)}.
 */
public record RiskParameter(String name, BigDecimal value) {
}
