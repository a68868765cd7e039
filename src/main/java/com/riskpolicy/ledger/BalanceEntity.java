package com.riskpolicy.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.math.BigDecimal;

/** One currency of an account's cross wallet, at scale 8. */
@Entity
@Table(name = "balance", uniqueConstraints = @UniqueConstraint(columnNames = {"account_id", "currency"}))
class BalanceEntity {

    @Id
    @GeneratedValue
    Long id;

    @Column(name = "account_id", nullable = false, length = 64)
    String accountId;

    @Column(nullable = false, length = 16)
    String currency;

    @Column(nullable = false, precision = 50, scale = 8)
    BigDecimal amount;
}
