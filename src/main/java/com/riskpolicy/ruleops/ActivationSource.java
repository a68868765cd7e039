package com.riskpolicy.ruleops;

/** What activated a rule set. */
public enum ActivationSource {
    /** The service started on the rules folder. */
    STARTUP,
    /**
     * The service started while the rules folder was refused, on the newest rule set recorded before
     * (what the previous run served last).
     */
    LAST_GOOD,
    /** {@code POST /v1/rules/reload}. */
    RELOAD,
    /** A change in the rules folder, seen by the watcher. */
    WATCH,
    /** {@code POST /v1/rules/rollback}: an earlier revision's files written back and activated. */
    ROLLBACK,
    /** A proposal approved by enough risk officers (or by its proposer alone where none is required). */
    PROPOSAL,
    /**
     * The cluster's active rule set, activated on another node (or served by this node from its
     * start); the activation is recorded once, by the node where it happened.
     */
    CLUSTER
}
