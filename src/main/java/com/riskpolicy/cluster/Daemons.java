package com.riskpolicy.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A node's background work: one named daemon thread per job, which never keeps the JVM alive. */
public final class Daemons {

    private Daemons() {
    }

    /** A scheduler running on one daemon thread called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
