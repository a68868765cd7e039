package com.riskpolicy.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who may sign in, with which password and roles: the configured users, and the demo users unless
 * they are turned off. Refuses a list the service must not start with (docs/api.md, Access): with the
 * demo users off, no user at all, or a user whose password is its own name.
 */
public final class UserList {

    /** The roles the access rules in application.properties know. */
    public static final List<String> ROLES = List.of("platform", "risk-officer", "auditor");

    /** Demo user name, which is also its password, and its role. */
    static final Map<String, String> DEMO_USERS = demoUsers();

    /** A user as the service keeps it: the password only as a digest, compared in constant time. */
    public record User(String name, byte[] passwordDigest, Set<String> roles) {

        public User {
            roles = Set.copyOf(roles);
        }

        public boolean accepts(char[] password) {
            return MessageDigest.isEqual(passwordDigest, digest(password));
        }
    }

    private final Map<String, User> users;
    private final List<String> warnings;

    private UserList(Map<String, User> users, List<String> warnings) {
        this.users = Collections.unmodifiableMap(users);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @param passwords configured user name to password
     * @param roles     configured user name to roles (users without any may be missing)
     * @throws IllegalStateException naming the reason, when the service must not start with these users
     */
    public static UserList of(boolean demoUsers, Map<String, String> passwords, Map<String, Set<String>> roles) {
        refusal(demoUsers, passwords).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        Map<String, User> users = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        if (demoUsers) {
            List<String> demo = new ArrayList<>();
            DEMO_USERS.forEach((name, role) -> {
                if (!passwords.containsKey(name)) {
                    users.put(name, new User(name, digest(name.toCharArray()), Set.of(role)));
                    demo.add(name + "/" + name + " (" + role + ")");
                }
            });
            if (!demo.isEmpty()) {
                warnings.add("Demo users are on: " + String.join(", ", demo) + ". Anyone who reaches this service"
                        + " can use them. Set policy.security.demo-users=false and configure your own users before"
                        + " the service holds anything real (README, Access).");
            }
        }
        new TreeMap<>(passwords).forEach((name, password) -> {
            Set<String> granted = roles.getOrDefault(name, Set.of());
            users.put(name, new User(name, digest(password.toCharArray()), granted));
            if (granted.stream().noneMatch(ROLES::contains)) {
                warnings.add("User " + name + " has none of the roles " + String.join(", ", ROLES)
                        + " (policy.security.users." + name + ".roles), so every request of theirs is refused.");
            }
        });
        return new UserList(users, warnings);
    }

    /** Why the service must not start with these configured users, if it must not. */
    static Optional<String> refusal(boolean demoUsers, Map<String, String> passwords) {
        if (demoUsers) {
            return Optional.empty();
        }
        if (passwords.isEmpty()) {
            return Optional.of("The demo users are off (policy.security.demo-users=false) and no user is configured,"
                    + " so nobody could use the service: configure users with policy.security.users.<name>.password"
                    + " and policy.security.users.<name>.roles (" + String.join(", ", ROLES) + ").");
        }
        List<String> guessable = new TreeMap<>(passwords).entrySet().stream()
                .filter(user -> user.getKey().equals(user.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        if (!guessable.isEmpty()) {
            return Optional.of("The demo users are off (policy.security.demo-users=false) but the password of "
                    + String.join(", ", guessable) + " is the user name: configure another password.");
        }
        return Optional.empty();
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Set<String> names() {
        return users.keySet();
    }

    /** What an operator should know about this list: demo users in effect, users without a known role. */
    public List<String> warnings() {
        return warnings;
    }

    static byte[] digest(char[] password) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(new String(password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Map<String, String> demoUsers() {
        Map<String, String> demo = new LinkedHashMap<>();
        demo.put("platform", "platform");
        demo.put("officer", "risk-officer");
        // A second risk officer: a proposal needs an approver other than its proposer (README, rules)
        demo.put("approver", "risk-officer");
        demo.put("auditor", "auditor");
        return Collections.unmodifiableMap(demo);
    }
}
