package com.riskpolicy.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** An account row: the lock every mutation of the account takes, and its change counter. */
@Entity
@Table(name = "account")
class AccountEntity {

    @Id
    @Column(name = "account_id", length = 64)
    String accountId;

    @Version
    long version;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
