package com.riskpolicy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Dev mode keeps a database of its own: {@code ./mvnw quarkus:dev} never opens the packaged service's
 * ledger under ./data; the profile postgres (-Ppostgres) is PostgreSQL throughout. Read from
 * application.properties alone, as SmallRye Config resolves each profile.
 */
class DatabaseProfilesTest {

    private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

    private static String databaseUrl(String profile) throws IOException {
        return config(profile).getValue(URL_PROPERTY, String.class);
    }

    private static SmallRyeConfig config(String profile) throws IOException {
        URL properties = DatabaseProfilesTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties))
                .build();
    }

    @Test
    void dev_mode_and_the_packaged_service_use_different_databases() throws IOException {
        String production = databaseUrl("prod");
        String dev = databaseUrl("dev");
        assertNotEquals(production, dev);
        assertTrue(production.startsWith("jdbc:h2:file:./data/"), production);
        assertTrue(dev.startsWith("jdbc:h2:file:./target/dev-data/"), dev);
    }

    @Test
    void the_postgres_profile_builds_for_postgresql_with_its_own_migrations_and_multi_row_inserts() throws IOException {
        SmallRyeConfig postgres = config("postgres");
        assertEquals("postgresql", postgres.getValue("quarkus.datasource.db-kind", String.class));
        assertEquals("db/migration/postgresql", postgres.getValue("quarkus.flyway.locations", String.class));
        assertTrue(databaseUrl("postgres").startsWith("jdbc:postgresql:"), databaseUrl("postgres"));
        assertEquals("true", postgres.getValue(
                "quarkus.datasource.jdbc.additional-jdbc-properties.reWriteBatchedInserts", String.class));
        assertEquals("h2", config("prod").getValue("quarkus.datasource.db-kind", String.class));
        assertEquals("db/migration/h2", config("prod").getValue("quarkus.flyway.locations", String.class));
    }

    @Test
    void only_the_folder_differs_so_dev_runs_on_the_same_database_settings() throws IOException {
        assertEquals(databaseUrl("prod").replace("./data/", "./target/dev-data/"), databaseUrl("dev"));
    }
}
