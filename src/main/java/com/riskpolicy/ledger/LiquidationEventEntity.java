package com.riskpolicy.ledger;

import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.LiquidationEvent.AdlFill;
import com.riskpolicy.liquidation.LiquidationEvent.ClosedPosition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One persisted liquidation, ADL fill or margin call, written once. The lists are JSON columns ({@link JsonColumns}). */
@Entity
@Immutable
@Table(name = "liquidation_event", indexes = {
        @Index(name = "liquidation_event_account", columnList = "account_id"),
        @Index(name = "liquidation_event_symbol", columnList = "symbol")})
class LiquidationEventEntity {

    @Id
    @GeneratedValue
    Long id;

    @Column(name = "event_id", nullable = false, unique = true, length = 36)
    String eventId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 32)
    LiquidationType type;

    @Column(name = "account_id", nullable = false, length = 64)
    String accountId;

    @Column(length = 32)
    String symbol;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(length = 8)
    PositionSide side;

    @Column(precision = 50, scale = 18)
    BigDecimal quantity;

    @Column(name = "risk_ratio", precision = 50, scale = 8)
    BigDecimal riskRatio;

    @Column(name = "mark_price", precision = 50, scale = 18)
    BigDecimal markPrice;

    @Column(precision = 50, scale = 8)
    BigDecimal price;

    @Column(name = "margin_forfeited", precision = 50, scale = 8)
    BigDecimal marginForfeited;

    @Column(name = "insurance_fund_delta", precision = 50, scale = 8)
    BigDecimal insuranceFundDelta;

    @Column(name = "realized_pnl", precision = 50, scale = 8)
    BigDecimal realizedPnl;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "adl_counterparties")
    List<AdlFill> adlCounterparties;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "closed_positions")
    List<ClosedPosition> closedPositions;

    @Column(nullable = false, length = 200)
    String rule;

    @Column(name = "rule_set_revision", nullable = false, length = 80)
    String ruleSetRevision;

    @Column(length = 500)
    String note;

    @Column(nullable = false)
    Instant at;
}
