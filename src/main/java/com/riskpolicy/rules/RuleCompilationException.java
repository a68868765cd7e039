package com.riskpolicy.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile; it never becomes active. */
public class RuleCompilationException extends Exception {

    private final List<RuleError> errors;

    public RuleCompilationException(List<RuleError> errors) {
        super("the rule set does not compile:\n" + errors.stream().map(RuleError::toString)
                .collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
