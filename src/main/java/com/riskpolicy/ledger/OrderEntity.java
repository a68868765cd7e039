package com.riskpolicy.ledger;

import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.OrderSide;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A resting order; deleted when cancelled. */
@Entity
@Table(name = "open_order", indexes = @Index(columnList = "account_id"))
class OrderEntity {

    @Id
    @Column(name = "order_id", length = 36)
    String orderId;

    @Column(name = "account_id", nullable = false, length = 64)
    String accountId;

    @Column(nullable = false, length = 32)
    String symbol;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 8)
    OrderSide side;

    @Column(nullable = false, precision = 50, scale = 18)
    BigDecimal quantity;

    @Column(nullable = false, precision = 50, scale = 18)
    BigDecimal price;

    @Column(nullable = false, precision = 50, scale = 18)
    BigDecimal leverage;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    MarginMode mode;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;
}
