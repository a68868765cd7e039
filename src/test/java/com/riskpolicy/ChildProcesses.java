package com.riskpolicy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tests and benchmarks that start the packaged service as a child process share: a port to
 * give it, and the end of its log for the message when it fails to start.
 */
public final class ChildProcesses {

    private static final int TAIL_LINES = 40;

    private ChildProcesses() {
    }

    /** A port nothing listens on now, on any address (so also on the loopback address). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The last lines of {@code log}, or why there are none. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
