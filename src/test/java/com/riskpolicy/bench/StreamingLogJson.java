package com.riskpolicy.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.Preview;
import com.riskpolicy.decisionlog.DecisionLogJson;
import com.riskpolicy.decisionlog.LoggedDecision;
import com.riskpolicy.decisionlog.LoggedRequest;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Display;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Order;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionRisk;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The decision log's two documents written field by field with Jackson's streaming generator: the
 * hand-written writer the log used before {@link LogJsonBenchmark} measured it against data binding
 * (BENCHMARKS.md, "Decision-log JSON"), kept only as that benchmark's comparison. It writes exactly
 * what {@link DecisionLogJson} writes, which the benchmark checks before it measures.
 */
final class StreamingLogJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private StreamingLogJson() {
    }

    static String input(LoggedDecision logged) {
        return write(json -> {
            json.writeStartObject();
            json.writeFieldName("account");
            account(json, logged.before());
            json.writeFieldName("request");
            request(json, LoggedRequest.of(logged.request()));
            json.writeEndObject();
        });
    }

    /** The decision as the service answers it ({@link com.riskpolicy.decision.DecisionView}). */
    static String decision(Decision d) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("decisionId", d.decisionId());
            enumField(json, "action", d.action());
            enumField(json, "decision", d.decision());
            json.writeArrayFieldStart("violations");
            for (Violation v : d.violations()) {
                finding(json, v.code(), v.rule(), v.message());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("warnings");
            for (Warning w : d.warnings()) {
                finding(json, w.code(), w.rule(), w.message());
            }
            json.writeEndArray();
            json.writeFieldName("preview");
            preview(json, d.preview());
            json.writeStringField("ruleSetRevision", d.ruleSetRevision());
            json.writeArrayFieldStart("firedRules");
            for (String rule : d.firedRules()) {
                json.writeString(rule);
            }
            json.writeEndArray();
            json.writeStringField("evaluatedAt", d.evaluatedAt() == null ? null
                    : DateTimeFormatter.ISO_INSTANT.format(d.evaluatedAt()));
            json.writeEndObject();
        });
    }

    private static void account(JsonGenerator json, AccountSnapshot a) throws IOException {
        json.writeStartObject();
        json.writeStringField("accountId", a.accountId());
        decimals(json, "balances", a.balances());
        json.writeObjectFieldStart("marginModes");
        for (var mode : a.marginModes().entrySet()) {
            enumField(json, mode.getKey(), mode.getValue());
        }
        json.writeEndObject();
        decimals(json, "leverages", a.leverages());
        json.writeArrayFieldStart("positions");
        for (Position p : a.positions()) {
            json.writeStartObject();
            json.writeStringField("symbol", p.symbol());
            enumField(json, "side", p.side());
            decimal(json, "quantity", p.quantity());
            decimal(json, "entryPrice", p.entryPrice());
            decimal(json, "leverage", p.leverage());
            enumField(json, "mode", p.mode());
            decimal(json, "isolatedMargin", p.isolatedMargin());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("orders");
        for (Order o : a.orders()) {
            json.writeStartObject();
            json.writeStringField("orderId", o.orderId());
            json.writeStringField("symbol", o.symbol());
            enumField(json, "side", o.side());
            decimal(json, "quantity", o.quantity());
            decimal(json, "price", o.price());
            decimal(json, "leverage", o.leverage());
            enumField(json, "mode", o.mode());
            decimal(json, "reservedMargin", o.reservedMargin());
            json.writeEndObject();
        }
        json.writeEndArray();
        decimals(json, "markPrices", a.markPrices());
        json.writeEndObject();
    }

    /** Null fields are left out, as {@link LoggedRequest} says. */
    private static void request(JsonGenerator json, LoggedRequest r) throws IOException {
        json.writeStartObject();
        enumField(json, "action", r.action());
        json.writeStringField("symbol", r.symbol());
        if (r.mode() != null) {
            enumField(json, "mode", r.mode());
        }
        if (r.side() != null) {
            enumField(json, "side", r.side());
        }
        presentDecimal(json, "quantity", r.quantity());
        presentDecimal(json, "price", r.price());
        presentDecimal(json, "leverage", r.leverage());
        presentDecimal(json, "amount", r.amount());
        if (r.currency() != null) {
            json.writeStringField("currency", r.currency());
        }
        json.writeEndObject();
    }

    private static void preview(JsonGenerator json, Preview p) throws IOException {
        if (p == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeFieldName("before");
        positionRisk(json, p.before());
        json.writeFieldName("after");
        positionRisk(json, p.after());
        amount(json, "transferFromCross", p.transferFromCross());
        amount(json, "crossRiskRatioBefore", p.crossRiskRatioBefore());
        amount(json, "crossRiskRatioAfter", p.crossRiskRatioAfter());
        json.writeEndObject();
    }

    private static void positionRisk(JsonGenerator json, PositionRisk r) throws IOException {
        if (r == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("symbol", r.symbol());
        enumField(json, "mode", r.mode());
        enumField(json, "side", r.side());
        json.writeStringField("quantity", Display.plain(r.quantity()));
        amount(json, "entryPrice", r.entryPrice());
        amount(json, "markPrice", r.markPrice());
        json.writeStringField("leverage", Display.plain(r.leverage()));
        amount(json, "positionValue", r.positionValue());
        amount(json, "unrealizedPnl", r.unrealizedPnl());
        amount(json, "isolatedMargin", r.isolatedMargin());
        amount(json, "marginBalance", r.marginBalance());
        amount(json, "initialMargin", r.initialMargin());
        amount(json, "maintenanceMargin", r.maintenanceMargin());
        amount(json, "maintenanceMarginRate", r.maintenanceMarginRate());
        if (r.tier() == null) {
            json.writeNullField("tier");
        } else {
            json.writeNumberField("tier", r.tier());
        }
        amount(json, "riskRatio", r.riskRatio());
        amount(json, "liquidationPrice", r.liquidationPrice());
        json.writeBooleanField("liquidatable", r.liquidatable());
        json.writeEndObject();
    }

    private static void finding(JsonGenerator json, String code, String rule, String message) throws IOException {
        json.writeStartObject();
        json.writeStringField("code", code);
        json.writeStringField("rule", rule);
        json.writeStringField("message", message);
        json.writeEndObject();
    }

    private static void decimals(JsonGenerator json, String field, Map<String, BigDecimal> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (var value : values.entrySet()) {
            decimal(json, value.getKey(), value.getValue());
        }
        json.writeEndObject();
    }

    private static void decimal(JsonGenerator json, String field, BigDecimal value) throws IOException {
        json.writeStringField(field, value == null ? null : value.toPlainString());
    }

    /** Rounded to the output scale, as the service returns it. */
    private static void amount(JsonGenerator json, String field, BigDecimal value) throws IOException {
        decimal(json, field, Money.out(value));
    }

    private static void presentDecimal(JsonGenerator json, String field, BigDecimal value) throws IOException {
        if (value != null) {
            decimal(json, field, value);
        }
    }

    private static void enumField(JsonGenerator json, String field, Enum<?> value) throws IOException {
        json.writeStringField(field, value == null ? null : value.name());
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Body body) {
        TextOut out = new TextOut();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.text.toString();
    }

    /** A {@link java.io.StringWriter} without its lock: the generator flushes whole buffers into it. */
    private static final class TextOut extends Writer {

        private final StringBuilder text = new StringBuilder(2048);

        @Override
        public void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void write(String chars, int offset, int length) {
            text.append(chars, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
