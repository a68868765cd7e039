package com.riskpolicy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md, Access: demo users on by default and said so; with them off, the service refuses to start
 * without users or with a password equal to its user name. (A refused start is an exception from
 * {@link UserList#of}, which {@link ConfiguredUsers} lets end the startup.)
 */
class UserListTest {

    private static boolean signsIn(UserList users, String name, String password) {
        return users.user(name).map(user -> user.accepts(password.toCharArray())).orElse(false);
    }

    @Test
    void the_demo_users_sign_in_with_their_names_and_a_warning_names_them() {
        UserList users = UserList.of(true, Map.of(), Map.of());

        assertTrue(signsIn(users, "platform", "platform"));
        assertTrue(signsIn(users, "officer", "officer"));
        assertTrue(signsIn(users, "approver", "approver"));
        assertTrue(signsIn(users, "auditor", "auditor"));
        assertFalse(signsIn(users, "platform", "Platform"));
        assertEquals(Set.of("risk-officer"), users.user("officer").orElseThrow().roles());
        assertEquals(Set.of("risk-officer"), users.user("approver").orElseThrow().roles());
        assertEquals(1, users.warnings().size());
        assertTrue(users.warnings().get(0).startsWith(
                "Demo users are on: platform/platform (platform), officer/officer (risk-officer),"
                        + " approver/approver (risk-officer), auditor/auditor (auditor)."),
                users.warnings().get(0));
    }

    @Test
    void a_configured_user_of_a_demo_name_replaces_the_demo_user() {
        UserList users = UserList.of(true, Map.of("platform", "long-secret"), Map.of("platform", Set.of("platform")));

        assertFalse(signsIn(users, "platform", "platform"));
        assertTrue(signsIn(users, "platform", "long-secret"));
        assertTrue(users.warnings().get(0).startsWith(
                "Demo users are on: officer/officer (risk-officer), approver/approver (risk-officer), auditor/auditor (auditor)."), users.warnings().get(0));
    }

    @Test
    void with_the_demo_users_off_only_configured_users_sign_in_and_nothing_is_said_about_demo_users() {
        UserList users = UserList.of(false, Map.of("gateway", "gateway-secret"), Map.of("gateway", Set.of("platform")));

        assertTrue(signsIn(users, "gateway", "gateway-secret"));
        assertFalse(signsIn(users, "gateway", "wrong"));
        assertFalse(signsIn(users, "platform", "platform"));
        assertEquals(Set.of("gateway"), users.names());
        assertEquals(List.of(), users.warnings());
    }

    @Test
    void with_the_demo_users_off_the_service_refuses_to_start_without_users() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> UserList.of(false, Map.of(), Map.of()));

        assertTrue(refused.getMessage().startsWith(
                "The demo users are off (policy.security.demo-users=false) and no user is configured"), refused.getMessage());
    }

    @Test
    void with_the_demo_users_off_the_service_refuses_to_start_while_a_password_is_its_user_name() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> UserList.of(false,
                Map.of("gateway", "gateway-secret", "bob", "bob", "auditor", "auditor"), Map.of()));

        assertEquals("The demo users are off (policy.security.demo-users=false) but the password of auditor, bob is"
                + " the user name: configure another password.", refused.getMessage());
    }

    @Test
    void a_user_without_a_known_role_is_warned_about() {
        UserList users = UserList.of(false, Map.of("ops", "ops-secret"), Map.of("ops", Set.of("admin")));

        assertEquals(List.of("User ops has none of the roles platform, risk-officer, auditor"
                + " (policy.security.users.ops.roles), so every request of theirs is refused."), users.warnings());
    }
}
