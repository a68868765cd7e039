package com.riskpolicy.decisionlog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an entry stands in the log, which lists the newest decision first: by the time it was
 * decided, then by the order it was written. The order of writing alone is not the order of
 * deciding: a ledger action's entry is written with the action, a check's a moment after its answer.
 * A page's cursor is the text of its last entry's position.
 */
public record LogPosition(Instant at, long id) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

    public LogPosition {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** Microseconds since the epoch and the entry's id, e.g. {@code 1764936000123456-42}. */
    public String text() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at) + "-" + id;
    }

    /** The position a {@link #text()} names; empty for anything else. */
    public static Optional<LogPosition> parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LogPosition(Instant.EPOCH.plus(Long.parseLong(matcher.group(1)), ChronoUnit.MICROS),
                Long.parseLong(matcher.group(2))));
    }
}
