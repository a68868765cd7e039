package com.riskpolicy.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** The latest mark price of a contract. */
@Entity
@Table(name = "mark_price")
class MarkPriceEntity {

    @Id
    @Column(length = 32)
    String symbol;

    @Column(nullable = false, precision = 50, scale = 18)
    BigDecimal price;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
