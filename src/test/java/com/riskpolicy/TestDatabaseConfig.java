package com.riskpolicy;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points every test service at this JVM's database ({@link TestDatabase#config()}): on PostgreSQL its
 * own schema on the test server. Above application.properties, so that it wins over the URL the
 * profiles test and postgres name there; below system properties and the environment, so that a run
 * can still say otherwise; a test profile's overrides win over it (a database of its own).
 */
public class TestDatabaseConfig implements ConfigSource {

    private static final int ORDINAL = 275;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.config();
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return getProperties().get(propertyName);
    }

    @Override
    public String getName() {
        return "test database";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
