package com.riskpolicy.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A service of its own for liquidation tests: a fresh database, so that no position left open by
 * another test is liquidated or deleveraged by these ticks, and theirs by no other.
 */
public class LiquidationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:h2:mem:liquidation;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    }
}
