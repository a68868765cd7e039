package com.riskpolicy.domain.fact;

/**
 * Derived by a rule in isolated-margin.drl: {@code adjustment} moves an isolated position's own
 * margin, in the settlement currency of its trading pair, so the amount rules decide it. A record
 * here rather than a type declared in the DRL file: Drools builds declared types only once every
 * file has parsed, so a syntax error in any other file would make each rule matching a declared
 * type fail to compile too, reported in a file nobody touched.
 */
public record IsolatedAdjustment(MarginAdjustment adjustment) {
}
