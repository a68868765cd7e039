package com.riskpolicy.api;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every {@code @QuarkusTest} calls the service as the demo platform user unless a request says
 * otherwise ({@code given().auth().none()}, or another user's {@code auth().preemptive().basic}).
 *
 * <p>A Quarkus test callback rather than a JUnit extension: Quarkus loads it, like the test class,
 * in the application's class loader, so it sets the same RestAssured the tests use. Registered in
 * {@code META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback}, it covers
 * every {@code @QuarkusTest} without a line in the test classes.
 */
public class SignedInAsPlatform implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic("platform", "platform");
    }
}
