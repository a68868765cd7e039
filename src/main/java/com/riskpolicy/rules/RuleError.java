package com.riskpolicy.rules;

/** A problem in one rule file, located like a compiler would: file:line:column: message. */
public record RuleError(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
