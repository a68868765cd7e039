package com.riskpolicy.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/**
 * One deposit into or withdrawal from the insurance fund, written once, in the transaction that
 * moves the balance. What liquidations paid in or out is on their events instead.
 */
@Entity
@Immutable
@Table(name = "insurance_fund_transfer")
class InsuranceFundTransferEntity {

    @Id
    @GeneratedValue
    Long id;

    @Column(nullable = false, length = 16)
    String currency;

    /** Positive paid in, negative taken out; scale 8. */
    @Column(nullable = false, precision = 50, scale = 8)
    BigDecimal amount;

    @Column(name = "balance_after", nullable = false, precision = 50, scale = 8)
    BigDecimal balanceAfter;

    @Column(name = "transferred_by", nullable = false, length = 100)
    String transferredBy;

    @Column(nullable = false)
    Instant at;
}
