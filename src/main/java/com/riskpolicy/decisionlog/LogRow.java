package com.riskpolicy.decisionlog;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One decision as the log stores it: the columns it is found by and its two JSON documents, input
 * facts and decision, as {@link Deflated} bytes. The deciding thread makes it ({@link #of}) before
 * queueing, so that the queue holds about 2 KB per decision instead of the account, the request and
 * the decision as objects: those lived until the writer took them and were copied by every young
 * collection meanwhile (about 20 MB per collection at 6,000 checks/s, see BENCHMARKS.md).
 */
public record LogRow(String decisionId, Instant at, String source, String action, String accountId, String symbol,
                     String outcome, String violationCodes, String warningCodes, String firedRules, String revision,
                     long latencyNanos, String caller, byte[] input, byte[] decision) {

    private static final Logger LOG = Logger.getLogger(LogRow.class);

    /**
     * The row of a decision. An entry that cannot be turned into JSON (it never should) is stored
     * with the reason in place of its documents.
     *
     * @param deflated the deciding thread's own compressor
     */
    static LogRow of(LoggedDecision logged, Deflated deflated) {
        Decision decision = logged.decision();
        String input;
        String decisionJson;
        try {
            input = DecisionLogJson.input(logged);
            decisionJson = DecisionLogJson.decision(decision);
        } catch (RuntimeException e) {
            // Not expected: every value in a decision is a record of strings, enums and decimals.
            LOG.errorf(e, "decision %s could not be written as JSON; its row says why instead", decision.decisionId());
            input = "{\"error\":\"could not be written as JSON: " + e.getClass().getSimpleName() + "\"}";
            decisionJson = input;
        }
        return new LogRow(decision.decisionId(), decision.evaluatedAt().truncatedTo(ChronoUnit.MICROS),
                logged.source().name(), decision.action().name(),
                clip(logged.before().accountId(), DecisionLogEntity.ACCOUNT_ID_LENGTH),
                clip(logged.request().symbol(), DecisionLogEntity.SYMBOL_LENGTH), decision.decision().name(),
                clip(decision.violations().stream().map(Violation::code).distinct().collect(Collectors.joining(",")),
                        DecisionLogEntity.CODES_LENGTH),
                clip(decision.warnings().stream().map(Warning::code).distinct().collect(Collectors.joining(",")),
                        DecisionLogEntity.CODES_LENGTH),
                clip(String.join("\n", decision.firedRules()), DecisionLogEntity.FIRED_RULES_LENGTH),
                clip(decision.ruleSetRevision(), DecisionLogEntity.REVISION_LENGTH), logged.latencyNanos(),
                clip(logged.caller(), DecisionLogEntity.CALLER_LENGTH), deflated.compress(input),
                deflated.compress(decisionJson));
    }

    /** The entry in full, for the service log when the database refuses it. */
    public String inFull() {
        return "{\"decisionId\":\"" + decisionId + "\",\"source\":\"" + source + "\",\"caller\":\"" + caller
                + "\",\"latencyNanos\":" + latencyNanos + ",\"input\":" + Deflated.inflate(input) + ",\"decision\":"
                + Deflated.inflate(decision) + "}";
    }

    void bind(PreparedStatement insert) throws SQLException {
        insert.setString(1, decisionId);
        insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        insert.setString(3, source);
        insert.setString(4, action);
        insert.setString(5, accountId);
        insert.setString(6, symbol);
        insert.setString(7, outcome);
        insert.setString(8, violationCodes);
        insert.setString(9, warningCodes);
        insert.setString(10, firedRules);
        insert.setString(11, revision);
        insert.setLong(12, latencyNanos);
        insert.setString(13, caller);
        insert.setBytes(14, input);
        insert.setBytes(15, decision);
    }

    /** Keeps a value within its column; the decision JSON always holds it in full. */
    private static String clip(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length - 1) + "…";
    }
}
