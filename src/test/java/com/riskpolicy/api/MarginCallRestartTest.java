package com.riskpolicy.api;

import static com.riskpolicy.api.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The restart of {@link MarginCallRun}: the margin call the first run raised is still in force, so
 * ticks at the same or a worse price do not raise it again; once the ratio has fallen below the
 * threshold, the next rise raises it again.
 */
@QuarkusTest
@TestProfile(MarginCallRun.Restart.class)
class MarginCallRestartTest {

    private static List<String> tick(String price) {
        return put("/v1/mark-prices/BTCUSDT", Map.of("price", price)).then().statusCode(200)
                .extract().jsonPath().getList("events.type");
    }

    @Test
    void a_margin_call_in_force_before_the_restart_is_not_raised_again() {
        assertEquals(List.of(), tick("19010"), "the call of the first run is in force");
        assertEquals(List.of(), tick("19005"));
        assertEquals(List.of(), tick("19500"), "the ratio falls below the threshold: the call is over");
        assertEquals(List.of("MARGIN_CALL"), tick("19010"));
    }
}
