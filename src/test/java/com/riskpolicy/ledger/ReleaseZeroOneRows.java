package com.riskpolicy.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.LiquidationEvent.AdlFill;
import com.riskpolicy.liquidation.LiquidationEvent.ClosedPosition;
import com.riskpolicy.ruleops.RuleRevisions.FileChange;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A database of release 0.1 with rows in its JSON text columns, as that release wrote them: the
 * schema of V1, each list or map written with Jackson's {@code writeValueAsString} into a CLOB, null
 * for an empty list. Decimals as Jackson writes a BigDecimal: {@code 0E-8}, {@code 1E+1}.
 */
final class ReleaseZeroOneRows {

    static final String LIQUIDATED = "alice-0-1";
    static final String REVISION = "sha256:recorded-by-release-0-1";

    static final String FILLS_JSON = "[{\"accountId\":\"bob-0-1\",\"symbol\":\"BTCUSDT\",\"side\":\"SHORT\",\"quantity\":0.5,"
            + "\"price\":50723.35999999,\"realizedPnl\":4638.32000000,\"rank\":0.04562211981566820276497695852534562},"
            + "{\"accountId\":\"carol-0-1\",\"symbol\":\"BTCUSDT\",\"side\":\"SHORT\",\"quantity\":0.250,"
            + "\"price\":50723.35999999,\"realizedPnl\":0E-8,\"rank\":1E+1}]";
    static final List<AdlFill> FILLS = List.of(
            new AdlFill("bob-0-1", "BTCUSDT", PositionSide.SHORT, new BigDecimal("0.5"), new BigDecimal("50723.35999999"),
                    new BigDecimal("4638.32000000"), new BigDecimal("0.04562211981566820276497695852534562")),
            new AdlFill("carol-0-1", "BTCUSDT", PositionSide.SHORT, new BigDecimal("0.250"),
                    new BigDecimal("50723.35999999"), new BigDecimal("0E-8"), new BigDecimal("1E+1")));

    static final String CLOSED_JSON = "[{\"symbol\":\"ETHUSDT\",\"side\":\"LONG\",\"quantity\":2,"
            + "\"markPrice\":1800.000000000000000000,\"price\":1800.00000000,\"realizedPnl\":-400.00000000}]";
    static final List<ClosedPosition> CLOSED = List.of(new ClosedPosition("ETHUSDT", PositionSide.LONG, new BigDecimal("2"),
            new BigDecimal("1800.000000000000000000"), new BigDecimal("1800.00000000"), new BigDecimal("-400.00000000")));

    static final Map<String, String> CONTENTS = contents();
    static final String CONTENTS_JSON = json(CONTENTS);
    static final String CHANGES_JSON = "[{\"file\":\"contracts.csv\",\"change\":\"ADDED\"},"
            + "{\"file\":\"liquidation.drl\",\"change\":\"ADDED\"}]";
    static final List<FileChange> CHANGES = List.of(new FileChange("contracts.csv", "ADDED"),
            new FileChange("liquidation.drl", "ADDED"));

    private ReleaseZeroOneRows() {
    }

    /** Creates release 0.1's schema in the empty database {@code db} and writes the rows. */
    static void write(Connection db) throws SQLException {
        db.createStatement().execute("RUNSCRIPT FROM 'classpath:db/migration/h2/V1__schema_of_release_0_1.sql'");
        try (PreparedStatement event = db.prepareStatement("INSERT INTO liquidation_event (id, event_id, type, account_id,"
                + " symbol, side, quantity, risk_ratio, mark_price, price, margin_forfeited, insurance_fund_delta, realized_pnl,"
                + " adl_counterparties, closed_positions, rule, rule_set_revision, note, at) VALUES (NEXT VALUE FOR"
                + " liquidation_event_seq, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'a rule of release 0.1', ?, NULL,"
                + " TIMESTAMP WITH TIME ZONE '2026-11-20 10:00:00+00')")) {
            insert(event, "0-1-isolated", "ISOLATED_LIQUIDATION", "BTCUSDT", "LONG", "1", FILLS_JSON, null);
            insert(event, "0-1-account", "ACCOUNT_LIQUIDATION", null, null, null, null, CLOSED_JSON);
        }
        try (PreparedStatement revision = db.prepareStatement("INSERT INTO rule_revision (id, revision, previous_revision,"
                + " activated_at, activated_by, source, files_changed, contents) VALUES (NEXT VALUE FOR rule_revision_seq, ?,"
                + " NULL, TIMESTAMP WITH TIME ZONE '2026-11-20 09:00:00+00', 'system', 'STARTUP', ?, ?)")) {
            revision.setString(1, REVISION);
            revision.setString(2, CHANGES_JSON);
            revision.setString(3, CONTENTS_JSON);
            revision.executeUpdate();
        }
    }

    private static void insert(PreparedStatement event, String eventId, String type, String symbol, String side,
                               String quantity, String fills, String closed) throws SQLException {
        event.setString(1, eventId);
        event.setString(2, type);
        event.setString(3, LIQUIDATED);
        event.setString(4, symbol);
        event.setString(5, side);
        event.setBigDecimal(6, quantity == null ? null : new BigDecimal(quantity));
        event.setBigDecimal(7, new BigDecimal("1.00000000"));
        event.setBigDecimal(8, new BigDecimal("54000"));
        event.setBigDecimal(9, new BigDecimal("54000"));
        event.setBigDecimal(10, new BigDecimal("6000"));
        event.setBigDecimal(11, new BigDecimal("-2000"));
        event.setBigDecimal(12, new BigDecimal("-8000"));
        event.setString(13, fills);
        event.setString(14, closed);
        event.setString(15, REVISION);
        event.executeUpdate();
    }

    private static Map<String, String> contents() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("contracts.csv", "symbol,settlementCurrency\nBTCUSDT,USDT\n");
        files.put("liquidation.drl", "package rules.liquidation\n\n// « Liquidation » at 100 %: \"risk ratio\" ≥ 1\tend\n"
                + "rule \"A position is liquidated\"\nwhen\nthen\nend\n");
        return files;
    }

    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
