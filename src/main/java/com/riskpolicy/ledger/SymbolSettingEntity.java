package com.riskpolicy.ledger;

import com.riskpolicy.domain.MarginMode;
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

/** An account's margin mode and leverage for one contract; null where never set. */
@Entity
@Table(name = "symbol_setting", uniqueConstraints = @UniqueConstraint(columnNames = {"account_id", "symbol"}))
class SymbolSettingEntity {

    @Id
    @GeneratedValue
    Long id;

    @Column(name = "account_id", nullable = false, length = 64)
    String accountId;

    @Column(nullable = false, length = 32)
    String symbol;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "margin_mode", length = 16)
    MarginMode marginMode;

    @Column(precision = 50, scale = 18)
    BigDecimal leverage;
}
