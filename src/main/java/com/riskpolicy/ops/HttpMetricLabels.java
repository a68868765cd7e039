package com.riskpolicy.ops;

import io.micrometer.core.instrument.Tags;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Labels the HTTP request metrics ({@code http_server_requests_seconds}) by route template, never by
 * what a caller sent: {@code /q/metrics} is open (docs/api.md, Access), so an account id in a path, or a
 * flood of made-up paths, must not reach it.
 *
 * <p>Quarkus labels a request by the template Quarkus REST records once it has matched a resource,
 * and by the raw path when it has not: a request refused before that (401, 413), or one REST
 * refuses itself (405). So the first handler of every request records the template here, from the
 * resources' {@code @Path} annotations, or {@link #UNMATCHED} when the path matches no route; Quarkus'
 * metrics then use it whatever the answer, even for a request the client abandons. Paths under the
 * operations root ({@code /q}) are left alone: Quarkus does not count them
 * ({@code quarkus.micrometer.binder.http-server.suppress-non-application-uris}). A method outside
 * HTTP's own is labelled {@code UNKNOWN}, as Vert.x would otherwise pass any token through.
 */
@Singleton
public class HttpMetricLabels implements HttpServerMetricsTagsContributor {

    /** The {@code uri} label of a request whose path matches no route of the API. */
    public static final String UNMATCHED = "/{unmatched}";

    /** The request-context entry Quarkus' HTTP metrics read the route template from (Quarkus REST's own). */
    private static final String ROUTE_TEMPLATE = "UrlPathTemplate";
    private static final Set<String> HTTP_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");
    private static final Tags UNKNOWN_METHOD = Tags.of("method", "UNKNOWN");

    private final RouteTemplates routes;
    private final String operationsRoot;
    private final String operationsPrefix;

    @Inject
    HttpMetricLabels(BeanManager beans,
                     @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String operationsRoot) {
        this.routes = RouteTemplates.of(beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass)
                .filter(type -> type.isAnnotationPresent(Path.class))
                .collect(Collectors.toSet()));
        this.operationsRoot = "/" + operationsRoot.replaceAll("^/+|/+$", "");
        this.operationsPrefix = this.operationsRoot + "/";
    }

    /**
     * Ahead of every other handler, the 413 of an oversized body included: routes of the same order
     * run in the order they were added, and this observer is notified before the application's others.
     */
    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            label(context.request());
            context.next();
        });
    }

    private void label(HttpServerRequest request) {
        String template = template(request.path());
        if (template != null) {
            ((HttpServerRequestInternal) request).context().putLocal(ROUTE_TEMPLATE, template);
        }
    }

    /** The route template of {@code path}; null under the operations root, which is not counted. */
    private String template(String path) {
        if (path == null || path.equals(operationsRoot) || path.startsWith(operationsPrefix)) {
            return null;
        }
        return routes.match(path).orElse(UNMATCHED);
    }

    /**
     * The template once more, over Quarkus' {@code NOT_FOUND} for a 404 on a route without parameters
     * (a rollback to an unknown revision); worked out here for a request that never reached the
     * routes (Vert.x Web refuses an HTTP/1.1 request without a Host header before them); and
     * {@code UNKNOWN} for a method outside HTTP's own.
     */
    @Override
    public Tags contribute(Context context) {
        String template = context.requestContextLocalData(ROUTE_TEMPLATE);
        if (template == null) {
            template = template(context.request().path());
        }
        Tags tags = template == null ? Tags.empty() : Tags.of("uri", template);
        return HTTP_METHODS.contains(context.request().method().name()) ? tags : tags.and(UNKNOWN_METHOD);
    }
}
