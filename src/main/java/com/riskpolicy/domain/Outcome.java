package com.riskpolicy.domain;

/** What a decision says about an action. */
public enum Outcome {
    ALLOW,
    DENY
}
