package com.riskpolicy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.api.AccountResource;
import com.riskpolicy.api.RuleImpactResource;
import com.riskpolicy.api.RuleSetResource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A request path falls under the template JAX-RS would match it to, or under none. */
class RouteTemplatesTest {

    private final RouteTemplates routes = RouteTemplates.parse(List.of("/v1/rules", "/v1/rules/revisions",
            "/v1/rules/{name}", "/v1/rules/revisions/{revision}", "/v1/accounts/{accountId}/deposits"));

    @Test
    void the_templates_join_the_class_and_method_paths_of_the_resources() {
        List<String> templates = RouteTemplates.of(List.of(AccountResource.class, RuleSetResource.class,
                RuleImpactResource.class)).templates();
        assertTrue(templates.containsAll(List.of("/v1/accounts", "/v1/accounts/{accountId}/deposits",
                "/v1/accounts/{accountId}/positions/{symbol}/margin", "/v1/rules", "/v1/rules/revisions/{revision}",
                "/v1/rules/impact")), templates.toString());
    }

    @Test
    void a_path_falls_under_its_template_and_a_literal_wins_over_a_parameter() {
        assertEquals(Optional.of("/v1/accounts/{accountId}/deposits"), routes.match("/v1/accounts/customer-9/deposits"));
        assertEquals(Optional.of("/v1/rules/revisions"), routes.match("/v1/rules/revisions"));
        assertEquals(Optional.of("/v1/rules/{name}"), routes.match("/v1/rules/reload"));
        assertEquals(Optional.of("/v1/rules/revisions/{revision}"), routes.match("/v1/rules/revisions/sha256:0"));
        assertEquals(Optional.of("/v1/rules"), routes.match("/v1/rules/"));
    }

    @Test
    void a_path_of_no_route_matches_nothing() {
        assertEquals(Optional.empty(), routes.match("/v1/accounts/customer-9"));
        assertEquals(Optional.empty(), routes.match("/v1/accounts/customer-9/deposits/more"));
        assertEquals(Optional.empty(), routes.match("/"));
        assertEquals(Optional.empty(), routes.match("/v2/rules"));
    }

    @Test
    void a_parameter_with_a_regular_expression_is_refused_rather_than_left_unlabelled() {
        assertThrows(IllegalArgumentException.class, () -> RouteTemplates.parse(List.of("/v1/odd/{id: [0-9]+}")));
        assertThrows(IllegalArgumentException.class, () -> RouteTemplates.parse(List.of("/v1/odd/v{version}")));
    }
}
