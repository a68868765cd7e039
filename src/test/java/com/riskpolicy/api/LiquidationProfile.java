package com.riskpolicy.api;

import com.riskpolicy.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A service of its own for liquidation tests: a fresh database, so that no position left open by
 * another test is liquidated or deleveraged by these ticks, and theirs by no other.
 */
public class LiquidationProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return TestDatabase.named("liquidation");
    }
}
