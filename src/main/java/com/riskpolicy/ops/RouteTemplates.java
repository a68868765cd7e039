package com.riskpolicy.ops;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route templates of the REST resources ({@code /v1/accounts/{accountId}/deposits}), read from
 * their {@code @Path} annotations, and the template a request path falls under. Matching is by
 * segment, literal before parameter as in JAX-RS, with no regular expression on the request path:
 * it runs for every request.
 */
public final class RouteTemplates {

    private final List<Route> routes;

    private RouteTemplates(List<Route> routes) {
        this.routes = routes;
    }

    /** The templates of these resource classes (classes annotated with {@code @Path}). */
    public static RouteTemplates of(Collection<Class<?>> resources) {
        Set<String> templates = new HashSet<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            templates.add(join(base, ""));
            for (Method method : resource.getMethods()) {
                Path path = method.getAnnotation(Path.class);
                if (path != null) {
                    templates.add(join(base, path.value()));
                }
            }
        }
        return parse(templates);
    }

    static RouteTemplates parse(Collection<String> templates) {
        List<Route> routes = new ArrayList<>();
        new TreeSet<>(templates).forEach(template -> routes.add(Route.of(template)));
        routes.sort(Comparator.comparingInt(Route::literalCharacters).reversed());
        return new RouteTemplates(List.copyOf(routes));
    }

    public List<String> templates() {
        return routes.stream().map(Route::template).sorted().toList();
    }

    /** The template this request path falls under, if any; a trailing slash is ignored. */
    public Optional<String> match(String path) {
        List<String> segments = segments(path);
        for (Route route : routes) {
            if (route.matches(segments)) {
                return Optional.of(route.template());
            }
        }
        return Optional.empty();
    }

    private static String join(String base, String path) {
        List<String> segments = new ArrayList<>(segments(base));
        segments.addAll(segments(path));
        return "/" + String.join("/", segments);
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                segments.add(path.substring(start, end));
            }
            start = end + 1;
        }
        return segments;
    }

    /** A template as segments; {@code null} stands for a parameter, which matches any one segment. */
    private record Route(String template, List<String> literals, int literalCharacters) {

        static Route of(String template) {
            List<String> literals = new ArrayList<>();
            int characters = 0;
            for (String segment : segments(template)) {
                if (segment.indexOf('{') >= 0) {
                    if (!segment.startsWith("{") || !segment.endsWith("}") || segment.indexOf(':') >= 0) {
                        throw new IllegalArgumentException("only whole-segment path parameters without a regular"
                                + " expression are matched here, so this route's requests could not be labelled: "
                                + template);
                    }
                    literals.add(null);
                } else {
                    literals.add(segment);
                    characters += segment.length();
                }
            }
            return new Route(template, Collections.unmodifiableList(literals), characters);
        }

        boolean matches(List<String> segments) {
            if (segments.size() != literals.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String literal = literals.get(i);
                if (literal != null && !literal.equals(segments.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
