package com.riskpolicy.decisionlog;

/**
 * The decision log cannot take another entry (its queue stayed full, or the service is shutting
 * down). Thrown on the deciding thread instead of returning a decision that would not be logged.
 */
public class DecisionLogUnavailableException extends RuntimeException {

    public DecisionLogUnavailableException(String message) {
        super(message);
    }
}
