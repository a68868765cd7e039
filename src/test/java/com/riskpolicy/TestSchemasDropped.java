package com.riskpolicy;

import java.sql.SQLException;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Drops this JVM's schemas on the PostgreSQL test server once its tests are done, whatever their
 * outcome ({@link TestDatabase}). A run that is killed leaves its schemas behind; they are named
 * {@code policy_test_...} and no later run uses them.
 */
public class TestSchemasDropped implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!TestDatabase.postgres() || System.getProperty(TestDatabase.SCHEMA_PROPERTY) == null) {
            return;
        }
        try {
            List<String> dropped = TestDatabase.dropAll();
            System.out.println("Test schemas dropped: " + dropped);
        } catch (SQLException e) {
            System.err.println("Could not drop the test schemas " + TestDatabase.schema() + "*: " + e.getMessage());
        }
    }
}
