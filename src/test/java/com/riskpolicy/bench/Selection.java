package com.riskpolicy.bench;

/** Which harnesses a benchmark run runs: the system property {@code bench}, {@code all} by default. */
final class Selection {

    private Selection() {
    }

    /** Whether the harness named {@code name} runs; says so when it does not. */
    static boolean runs(String name, String description) {
        String selected = selected();
        if (selected.equals("all") || selected.equals(name)) {
            return true;
        }
        System.out.println("[bench] " + description + " skipped (bench=" + selected + ")");
        return false;
    }

    /**
     * Whether a harness that {@code all} leaves out runs: only when {@code bench} names it. Says so when
     * it does not, and why {@code all} leaves it out ({@code needs}).
     */
    static boolean runsOnlyWhenNamed(String name, String description, String needs) {
        String selected = selected();
        if (selected.equals(name)) {
            return true;
        }
        System.out.println("[bench] " + description + " skipped (bench=" + selected + "; it runs only with -Dbench=" + name
                + ": it needs " + needs + ")");
        return false;
    }

    private static String selected() {
        return System.getProperty("bench", "all");
    }
}
