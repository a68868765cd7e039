package com.riskpolicy.rules;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the active rule set and swaps it atomically. A caller takes {@link #active()} once per
 * decision and uses that one rule set throughout, so a decision in flight finishes on the rules it
 * started with; a candidate that fails to compile never replaces the active one.
 */
public final class RuleEngine {

    private final RuleSetCompiler compiler;
    private final Path folder;
    private final RuleFailureListener failures;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();

    public RuleEngine(RuleSetCompiler compiler, Path folder) {
        this(compiler, folder, RuleFailureListener.NONE);
    }

    /** @param failures told of every evaluation a rule of an active rule set breaks */
    public RuleEngine(RuleSetCompiler compiler, Path folder, RuleFailureListener failures) {
        this.compiler = compiler;
        this.folder = folder;
        this.failures = failures;
    }

    public Path folder() {
        return folder;
    }

    /** The rule set decisions use now. */
    public RuleSet active() {
        RuleSet rules = active.get();
        if (rules == null) {
            throw new IllegalStateException("no rule set is active yet");
        }
        return rules;
    }

    public boolean isReady() {
        return active.get() != null;
    }

    /** Compiles the rules folder and activates it; on error the active rule set stays. */
    public RuleSet reload() throws RuleCompilationException {
        RuleSet candidate = compiler.compile(RuleFiles.read(folder));
        activate(candidate);
        return candidate;
    }

    /**
     * Makes {@code candidate} the rule set new decisions use and returns the one it replaces (null
     * at first). Decisions that already took the old one finish on it.
     */
    public RuleSet activate(RuleSet candidate) {
        candidate.reportFailuresTo(failures);
        return active.getAndSet(candidate);
    }

    /** Compiles files without activating them. */
    public RuleSet compile(RuleFiles files) throws RuleCompilationException {
        return compiler.compile(files);
    }
}
