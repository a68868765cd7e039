package com.riskpolicy.ledger;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.PositionSide;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.math.BigDecimal;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An open position: one per account and symbol (one-way mode). */
@Entity
@Table(name = "position", uniqueConstraints = @UniqueConstraint(columnNames = {"account_id", "symbol"}))
class PositionEntity {

    @Id
    @GeneratedValue
    Long id;

    @Column(name = "account_id", nullable = false, length = 64)
    String accountId;

    @Column(nullable = false, length = 32)
    String symbol;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 8)
    PositionSide side;

    @Column(nullable = false, precision = 50, scale = 18)
    BigDecimal quantity;

    @Column(name = "entry_price", nullable = false, precision = 50, scale = 18)
    BigDecimal entryPrice;

    @Column(nullable = false, precision = 50, scale = 18)
    BigDecimal leverage;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    MarginMode mode;

    @Column(name = "isolated_margin", nullable = false, precision = 50, scale = 8)
    BigDecimal isolatedMargin;
}
