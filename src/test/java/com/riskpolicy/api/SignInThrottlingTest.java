package com.riskpolicy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md, Access: repeated wrong passwords from one address for one user name are answered 429 with
 * Retry-After, the right password included, until the delay has passed; the same user signs in from
 * another address all along. The tests call from 127.0.0.1 and, on a socket of their own, 127.0.0.2;
 * the delays run on a clock the test moves ({@link SignInThrottleProfile}: three free failures, 10 s).
 */
@QuarkusTest
@TestProfile(SignInThrottleProfile.class)
class SignInThrottlingTest {

    private static final String CONTRACTS = "GET /v1/contracts HTTP/1.1";

    @Inject
    ManualClock clock;

    private static int signIn(String address, String user, String password) throws IOException {
        return RawHttp.status(address, CONTRACTS, RawHttp.basic(user, password));
    }

    @Test
    void wrong_passwords_are_throttled_per_address_and_a_success_after_the_delay_starts_afresh() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, signIn("127.0.0.1", "platform", "guess-" + i), "free failure " + (i + 1));
        }
        given().auth().preemptive().basic("platform", "guess-3").get("/v1/contracts").then()
                .statusCode(429)
                .header("Retry-After", "10")
                .header("WWW-Authenticate", nullValue())
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Too Many Requests"))
                .body("status", equalTo(429))
                .body("detail", containsString("try again in 10 s"));
        assertEquals(429, signIn("127.0.0.1", "platform", "platform"), "the right password while throttled");
        assertEquals(200, signIn("127.0.0.2", "platform", "platform"), "the same user from another address");

        clock.advance(Duration.ofMillis(9_999));
        given().auth().preemptive().basic("platform", "platform").get("/v1/contracts").then()
                .statusCode(429).header("Retry-After", "1");
        clock.advance(Duration.ofMillis(1));
        assertEquals(200, signIn("127.0.0.1", "platform", "platform"), "the right password once the delay has passed");
        assertEquals(401, signIn("127.0.0.1", "platform", "guess-4"), "a failure after a success is a free one again");
        assertEquals(200, signIn("127.0.0.1", "platform", "platform"));

        String metrics = given().auth().none().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("policy_security_sign_in_throttled_total"));
        assertThat(metrics, not(containsString("policy_security_sign_in_throttled_total 0.0")));
        assertThat(metrics, not(containsString("policy_security_sign_in_failures_total 0.0")));
    }

    @Test
    void an_unknown_user_name_is_throttled_like_a_known_one() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, signIn("127.0.0.1", "nobody-here", "guess-" + i));
        }
        assertEquals(429, signIn("127.0.0.1", "nobody-here", "guess-3"));
    }
}
