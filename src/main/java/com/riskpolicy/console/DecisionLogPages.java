package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleForms.names;
import static com.riskpolicy.console.ConsoleForms.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decisionlog.DecisionLogPage;
import com.riskpolicy.decisionlog.DecisionLogQuery;
import com.riskpolicy.decisionlog.DecisionLogStore;
import com.riskpolicy.decisionlog.LogEntry;
import com.riskpolicy.decisionlog.LogPosition;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's decision log: the logged decisions newest first, filtered by account, action,
 * outcome, source and time (UTC), a page at a time; and one decision in full.
 */
@Path("/console/decisions")
@Produces(MediaType.TEXT_HTML)
public class DecisionLogPages {

    private static final int PAGE = 50;

    @Inject
    DecisionLogStore log;
    @Inject
    ObjectMapper json;
    @Inject
    @Location("console/decisions.html")
    Template list;
    @Inject
    @Location("console/decision.html")
    Template detail;
    @Context
    SecurityContext security;

    /** The filter as typed in the form; {@code errors} says which field could not be read. */
    @TemplateData
    public record Filter(String accountId, String action, String outcome, String source, String from, String to,
                         List<String> errors) {
    }

    /** One logged decision in the list. */
    @TemplateData
    public record Row(String decisionId, Instant at, String source, String action, String accountId, String symbol,
                      String outcome, String codes) {
    }

    /** The choices of the form's lists. */
    @TemplateData
    public record Choices(List<String> actions, List<String> outcomes, List<String> sources) {
    }

    @GET
    @Operation(summary = "The console's decision log (HTML): newest first, filtered, a page at a time")
    public TemplateInstance list(@QueryParam("accountId") String accountId, @QueryParam("action") String action,
                                 @QueryParam("outcome") String outcome, @QueryParam("source") String source,
                                 @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("cursor") String cursor) {
        List<String> errors = new ArrayList<>();
        DecisionLogQuery query = new DecisionLogQuery(blankToNull(accountId), choice(Action.class, "action", action, errors),
                choice(Outcome.class, "outcome", outcome, errors), choice(DecisionSource.class, "source", source, errors),
                time("from", from, errors), time("to", to, errors), PAGE,
                cursor == null || cursor.isBlank() ? null : LogPosition.parse(cursor).orElseGet(() -> {
                    errors.add("cursor: not a page of this log");
                    return null;
                }));
        Filter filter = new Filter(text(accountId), text(action), text(outcome), text(source), text(from), text(to), errors);
        DecisionLogPage page = errors.isEmpty() ? log.page(query) : new DecisionLogPage(List.of(), null);
        List<Row> rows = page.entries().stream().map(DecisionLogPages::row).toList();
        String next = page.next() == null ? null : UriBuilder.fromPath("/console/decisions")
                .queryParam("accountId", filter.accountId()).queryParam("action", filter.action())
                .queryParam("outcome", filter.outcome()).queryParam("source", filter.source())
                .queryParam("from", filter.from()).queryParam("to", filter.to())
                .queryParam("cursor", page.next().text()).build().toString();
        return ConsolePage.of(list, "decisions", security).data("filter", filter).data("rows", rows)
                .data("next", next).data("choices", new Choices(names(Action.values()), names(Outcome.values()),
                        names(DecisionSource.values())));
    }

    @GET
    @Path("{decisionId}")
    @Operation(summary = "One logged decision in full (HTML): its input facts, fired rules, violations, warnings and preview")
    public TemplateInstance detail(@PathParam("decisionId") String decisionId) {
        LogEntry entry = log.find(decisionId).orElseThrow(() -> new NotFoundException("no logged decision " + decisionId));
        return ConsolePage.of(detail, "decisions", security).data("row", row(entry))
                .data("decision", entry.decision()).data("input", pretty(entry.inputJson()))
                .data("preview", pretty(entry.decision().preview()));
    }

    private static Row row(LogEntry entry) {
        List<String> codes = entry.decision().violations().stream().map(v -> v.code()).toList();
        return new Row(entry.decisionId(), entry.at(), entry.source().name(), entry.decision().action().name(),
                entry.accountId(), entry.symbol(), entry.decision().decision().name(), String.join(", ", codes));
    }

    private String pretty(Object value) {
        try {
            Object tree = value instanceof String text ? json.readTree(text) : value;
            return tree == null ? "—" : json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** An instant in UTC, as a {@code datetime-local} field sends it ({@code 2026-12-05T10:15}) or in ISO-8601. */
    private static Instant time(String field, String text, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.endsWith("Z") ? Instant.parse(text.strip()) : LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.add(field + ": '" + text + "' is not a time such as 2026-12-05T10:15 (UTC)");
            return null;
        }
    }

    /** A filter's choice: none when the field is blank. */
    private static <E extends Enum<E>> E choice(Class<E> type, String field, String text, List<String> errors) {
        return text == null || text.isBlank() ? null : ConsoleForms.choice(type, field, text, errors);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

}
