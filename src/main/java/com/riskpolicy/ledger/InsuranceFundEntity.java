package com.riskpolicy.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** The insurance fund of one settlement currency, at scale 8. It may go below zero (docs/margin-policy.md §3.6). */
@Entity
@Table(name = "insurance_fund")
class InsuranceFundEntity {

    @Id
    @Column(length = 16)
    String currency;

    @Column(nullable = false, precision = 50, scale = 8)
    BigDecimal balance;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
