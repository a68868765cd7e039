package com.riskpolicy.console;

import com.riskpolicy.api.ApiRequests;
import com.riskpolicy.ruleops.RuleReloadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the console's forms check and answer alike: its change forms (propose, approve, reject) and its filters. */
final class ConsoleForms {

    /** The status of a change understood and not acceptable: a file that does not pass, an activation refused. */
    static final int UNPROCESSABLE = 422;

    private ConsoleForms() {
    }

    /**
     * What is wrong with a proposal's or a rejection's {@code reason} (stripped), named as the form
     * names the field; empty when nothing is. The REST API requires one too.
     */
    static List<String> reasonProblems(String reason) {
        if (reason.isEmpty()) {
            return List.of("reason: give a reason; it is recorded with the change");
        }
        if (reason.length() > ApiRequests.MAX_REASON) {
            return List.of("reason: at most " + ApiRequests.MAX_REASON + " characters, not " + reason.length());
        }
        return List.of();
    }

    /** A refused activation named: why, then each error at its file, line and column. */
    static List<String> refusal(RuleReloadException e) {
        List<String> named = new ArrayList<>();
        named.add("Not activated: " + e.getMessage());
        e.errors().forEach(error -> named.add(error.toString()));
        return named;
    }

    /** The constant of {@code type} a field names (in any case), or null with the field named in {@code errors}. */
    static <E extends Enum<E>> E choice(Class<E> type, String field, String text, List<String> errors) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(field + ": '" + text + "' is none of " + names(type.getEnumConstants()));
            return null;
        }
    }

    static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    /** A field as typed, stripped; an absent field is empty. */
    static String text(String text) {
        return text == null ? "" : text.strip();
    }
}
