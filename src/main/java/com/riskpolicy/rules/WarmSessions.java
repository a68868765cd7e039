package com.riskpolicy.rules;

import com.riskpolicy.domain.fact.RiskParameter;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Sessions of one rule set that keep the risk parameters inserted between evaluations, lent to one
 * evaluation at a time. A fresh session per evaluation cost more than the rules: resetting a pooled
 * session clears the memory of every node of the rule base, and inserting the parameters into it
 * again builds its fact stores anew (issue 15's profile: over half of an evaluation's time).
 *
 * <p>A warm session is lent only in the state of a fresh one: the parameters inserted, every
 * rule evaluated, none with a match. When it comes back, everything but the parameters is deleted
 * and the rules are evaluated again; unless they again find no match and nothing else is left, the
 * session is disposed instead of being lent again. A rule set with a rule that fires on the
 * parameters alone (a rule with no fact pattern, or one that only reads parameters) would fire once
 * per fresh session, so it gets no warm session at all: {@link #lend()} returns null, and the rule
 * set evaluates in a fresh session each time, as before.
 */
final class WarmSessions {

    private final KieBase base;
    private final KieSessionConfiguration configuration;
    private final List<RiskParameter> parameters;
    /**
     * The idle sessions, at most one a slot. A session is lent from the first slot that holds one and
     * given back to the first that is empty: one atomic operation on a slot each way, no lock and
     * nothing allocated (a queue took a lock both ways, some 3 % of a margin-mode switch's decision).
     * The first slots' sessions are lent again first, where a queue lent every kept session in turn.
     */
    private final AtomicReferenceArray<Warm> idle;
    private final boolean usable;
    private volatile boolean retired;

    /**
     * @param capacity warm sessions kept between evaluations (at least one); more are made when more
     *                 evaluations run at once, and disposed after them
     */
    WarmSessions(KieBase base, KieSessionConfiguration configuration, List<RiskParameter> parameters, int capacity) {
        this.base = base;
        this.configuration = configuration;
        this.parameters = parameters;
        this.idle = new AtomicReferenceArray<>(Math.max(1, capacity));
        Warm first = create();
        this.usable = first != null;
        if (first != null) {
            giveBack(first);
        }
    }

    /** Whether the rule set evaluates in warm sessions; false when a rule fires on the parameters alone. */
    boolean usable() {
        return usable;
    }

    /** A warm session for one evaluation, to be given back or discarded; null when the rule set cannot use one. */
    Warm lend() {
        if (!usable) {
            return null;
        }
        for (int slot = 0; slot < idle.length(); slot++) {
            // Read before taking: an empty slot is passed without a write
            Warm warm = idle.get(slot) == null ? null : idle.getAndSet(slot, null);
            if (warm != null) {
                return warm;
            }
        }
        return create();
    }

    /** Takes a session back after an evaluation that ended normally, and keeps it if it is clean again. */
    void giveBack(Warm warm) {
        if (retired || !warm.cleaned() || !keep(warm)) {
            warm.session.dispose();
            return;
        }
        if (retired) {
            disposeIdle();
        }
    }

    /** Disposes a session whose evaluation failed or ran away: its state is not known. */
    void discard(Warm warm) {
        warm.session.dispose();
    }

    /** Disposes every idle session; sessions lent out are disposed when they come back. */
    void retire() {
        retired = true;
        disposeIdle();
    }

    /** Puts a clean session in the first empty slot; false when every slot holds one. */
    private boolean keep(Warm warm) {
        for (int slot = 0; slot < idle.length(); slot++) {
            if (idle.get(slot) == null && idle.compareAndSet(slot, null, warm)) {
                return true;
            }
        }
        return false;
    }

    private void disposeIdle() {
        for (int slot = 0; slot < idle.length(); slot++) {
            Warm warm = idle.getAndSet(slot, null);
            if (warm != null) {
                warm.session.dispose();
            }
        }
    }

    /** A new session with the parameters in it, checked to hold no match; null when one fires. */
    private Warm create() {
        KieSession session = base.newKieSession(configuration, null);
        for (RiskParameter parameter : parameters) {
            session.insert(parameter);
        }
        Warm warm = new Warm(session);
        if (!warm.idleAfterFiring()) {
            session.dispose();
            return null;
        }
        return warm;
    }

    /**
     * One warm session, what its current evaluation inserted (a fact handle each) and the names of
     * the rules it fired, as the session reports them.
     */
    final class Warm extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
        private final KieSession session;
        /** An array, not the session's live collection: counting facts after every evaluation made an iterator each time. */
        private final EntryPoint[] entryPoints;
        private final List<String> fired = new ArrayList<>(8);
        private final List<FactHandle> inserted = new ArrayList<>(8);
        private final List<Object> findings = new ArrayList<>(4);
        /** Set by {@link #refuseEveryMatch}, one filter for the session's life rather than one per evaluation. */
        private boolean matched;
        private final AgendaFilter refuseEveryMatch = match -> {
            matched = true;
            return false;
        };

        private Warm(KieSession session) {
            this.session = session;
            this.entryPoints = session.getEntryPoints().toArray(EntryPoint[]::new);
            session.addEventListener((AgendaEventListener) this);
            session.addEventListener((RuleRuntimeEventListener) this);
        }

        KieSession session() {
            return session;
        }

        /** The rules fired so far in this evaluation, in order. */
        List<String> fired() {
            return fired;
        }

        /** The violations and warnings in the session now. */
        List<Object> findings() {
            return findings;
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            fired.add(event.getMatch().getRule().getName());
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            inserted.add(event.getFactHandle());
            Object object = event.getObject();
            if (object instanceof Violation || object instanceof Warning) {
                findings.add(object);
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            // Facts are immutable records: an update changes no figure.
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            inserted.remove(event.getFactHandle());
            findings.remove(event.getOldObject());
        }

        /** Deletes what the evaluation inserted and tells whether the session is as a fresh one again. */
        private boolean cleaned() {
            fired.clear();
            findings.clear();
            // Newest first: what the rules inserted, then the facts. A deletion reports itself and
            // what it takes with it (a fact inserted logically), which leave the list that way.
            while (!inserted.isEmpty()) {
                FactHandle handle = inserted.get(inserted.size() - 1);
                session.delete(handle);
                inserted.remove(handle);
            }
            return idleAfterFiring() && factCount() == parameters.size();
        }

        private long factCount() {
            long count = 0;
            for (EntryPoint entryPoint : entryPoints) {
                count += entryPoint.getFactCount();
            }
            return count;
        }

        /**
         * Evaluates the rules and fires none: true when no rule matches. A rule that does is left
         * unfired, and the session must not be lent.
         */
        private boolean idleAfterFiring() {
            matched = false;
            session.fireAllRules(refuseEveryMatch);
            return !matched;
        }
    }
}
