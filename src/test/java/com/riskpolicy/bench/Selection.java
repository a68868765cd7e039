package com.riskpolicy.bench;

/** Which harnesses a benchmark run runs: the system property {@code bench}, {@code all} by default. */
final class Selection {

    private Selection() {
    }

    /** Whether the harness named {@code name} runs; says so when it does not. */
    static boolean runs(String name, String description) {
        String selected = System.getProperty("bench", "all");
        if (selected.equals("all") || selected.equals(name)) {
            return true;
        }
        System.out.println("[bench] " + description + " skipped (bench=" + selected + ")");
        return false;
    }
}
