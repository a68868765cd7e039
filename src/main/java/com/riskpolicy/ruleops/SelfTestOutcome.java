package com.riskpolicy.ruleops;

/** What the self-test said of a candidate rule set. */
public enum SelfTestOutcome {
    /** It compiles and every sample decision runs. */
    PASSED,
    /** It compiles, and a rule fails on a sample decision. */
    FAILED,
    /** It does not compile, so it was not run. */
    NOT_RUN
}
