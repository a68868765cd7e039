package com.riskpolicy.ledger;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.dialect.type.PostgreSQLJsonPGObjectJsonType;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;

/**
 * PostgreSQL, with the JSON columns ({@link JsonColumns}) bound as {@code json} rather than Hibernate's
 * default {@code jsonb}. A {@code jsonb} value is parsed into PostgreSQL's own form, which keeps a
 * number as NUMERIC: {@code 1.5E+3} would read back as {@code 1500}, a different BigDecimal. A
 * {@code json} value is the text as written, so every decimal reads back with its scale, as on H2
 * (JsonColumnsTest). The columns are {@code json} (db/migration/postgresql/V1); the ledger never
 * queries inside them, which is what {@code jsonb} would be for.
 */
public class PostgreSQLJsonDialect extends PostgreSQLDialect {

    public PostgreSQLJsonDialect() {
    }

    public PostgreSQLJsonDialect(DialectResolutionInfo info) {
        super(info);
    }

    public PostgreSQLJsonDialect(DatabaseVersion version) {
        super(version);
    }

    @Override
    public void contributeTypes(TypeContributions contributions, ServiceRegistry registry) {
        super.contributeTypes(contributions, registry);
        contributions.getTypeConfiguration().getJdbcTypeRegistry()
                .addDescriptor(SqlTypes.JSON, new PostgreSQLJsonPGObjectJsonType());
    }
}
