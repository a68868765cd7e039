package com.riskpolicy.ruleops;

/** Where a proposed rule change stands. */
public enum ProposalStatus {
    /** Valid, waiting for approvals. */
    OPEN,
    /** Its files do not compile or fail the self-test: it can never be approved. */
    INVALID,
    /** Approved by enough risk officers and activated for the cluster. */
    APPROVED,
    /** Refused by a risk officer, with a reason. */
    REJECTED,
    /** Taken back by its proposer. */
    WITHDRAWN,
    /** The active rule set changed after it was proposed: it must be proposed again on the new one. */
    SUPERSEDED
}
