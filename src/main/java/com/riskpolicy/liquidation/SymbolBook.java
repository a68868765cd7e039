package com.riskpolicy.liquidation;

import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The isolated positions of one contract, sorted per side by the screening keys of their trigger
 * prices, so that a tick touches only the positions its mark price has reached: O(log n + k).
 *
 * <p>Three sorted sets per side: every position by its liquidation key; positions without a pending
 * margin call by their margin-call key; positions with one by that key too (to see them recover).
 * Thread-safe; every method holds the book's monitor only for its own work.
 */
final class SymbolBook {

    private static final Comparator<IsolatedEntry> BY_LIQUIDATION = order(IsolatedEntry::liquidationKey);
    private static final Comparator<IsolatedEntry> BY_MARGIN_CALL = order(IsolatedEntry::marginCallKey);

    private final String symbol;
    private final Map<String, IsolatedEntry> byAccount = new HashMap<>();
    private final Map<String, Boolean> called = new HashMap<>();
    private final Map<PositionSide, TreeSet<IsolatedEntry>> liquidation = new EnumMap<>(PositionSide.class);
    private final Map<PositionSide, TreeSet<IsolatedEntry>> uncalled = new EnumMap<>(PositionSide.class);
    private final Map<PositionSide, TreeSet<IsolatedEntry>> pendingCall = new EnumMap<>(PositionSide.class);

    SymbolBook(String symbol) {
        this.symbol = symbol;
        for (PositionSide side : PositionSide.values()) {
            liquidation.put(side, new TreeSet<>(BY_LIQUIDATION));
            uncalled.put(side, new TreeSet<>(BY_MARGIN_CALL));
            pendingCall.put(side, new TreeSet<>(BY_MARGIN_CALL));
        }
    }

    private static Comparator<IsolatedEntry> order(ToLongFunction<IsolatedEntry> key) {
        return Comparator.comparingLong(key).thenComparing(IsolatedEntry::accountId);
    }

    String symbol() {
        return symbol;
    }

    /** Puts the position in place of the account's current one; a changed position has no pending margin call. */
    synchronized void put(IsolatedEntry entry) {
        IsolatedEntry previous = byAccount.get(entry.accountId());
        boolean keepCall = previous != null && previous.sameTerms(entry) && previous.marginCallKey() == entry.marginCallKey()
                && Boolean.TRUE.equals(called.get(entry.accountId()));
        remove(entry.accountId());
        byAccount.put(entry.accountId(), entry);
        if (entry.liquidationKey() != TriggerKeys.NEVER) {
            liquidation.get(entry.side()).add(entry);
        }
        if (entry.marginCallKey() != TriggerKeys.NEVER) {
            (keepCall ? pendingCall : uncalled).get(entry.side()).add(entry);
            if (keepCall) {
                called.put(entry.accountId(), true);
            }
        }
    }

    synchronized void remove(String accountId) {
        IsolatedEntry entry = byAccount.remove(accountId);
        if (entry != null) {
            liquidation.get(entry.side()).remove(entry);
            uncalled.get(entry.side()).remove(entry);
            pendingCall.get(entry.side()).remove(entry);
            called.remove(accountId);
        }
    }

    synchronized IsolatedEntry get(String accountId) {
        return byAccount.get(accountId);
    }

    synchronized boolean marginCalled(String accountId) {
        return Boolean.TRUE.equals(called.get(accountId));
    }

    /** Records that a margin call was raised ({@code true}) or that the ratio fell back below it. */
    synchronized void marginCalled(String accountId, boolean raised) {
        IsolatedEntry entry = byAccount.get(accountId);
        if (entry == null || entry.marginCallKey() == TriggerKeys.NEVER || marginCalled(accountId) == raised) {
            return;
        }
        (raised ? uncalled : pendingCall).get(entry.side()).remove(entry);
        (raised ? pendingCall : uncalled).get(entry.side()).add(entry);
        called.put(accountId, raised);
    }

    /** Positions whose liquidation trigger the mark price has reached (a superset: screened, not decided). */
    synchronized List<IsolatedEntry> liquidationCandidates(BigDecimal mark) {
        return reached(liquidation, mark);
    }

    /** Positions without a pending margin call whose margin-call trigger the mark price has reached. */
    synchronized List<IsolatedEntry> marginCallCandidates(BigDecimal mark) {
        return reached(uncalled, mark);
    }

    /** Positions with a pending margin call whose margin-call trigger the mark price no longer reaches. */
    synchronized List<IsolatedEntry> recovered(BigDecimal mark) {
        List<IsolatedEntry> out = new ArrayList<>();
        for (PositionSide side : PositionSide.values()) {
            long markKey = TriggerKeys.mark(side, mark);
            out.addAll(pendingCall.get(side).headSet(probe(side, markKey), false));
        }
        return out;
    }

    /** Every position on one side. */
    synchronized List<IsolatedEntry> side(PositionSide side) {
        List<IsolatedEntry> out = new ArrayList<>();
        for (IsolatedEntry entry : byAccount.values()) {
            if (entry.side() == side) {
                out.add(entry);
            }
        }
        return out;
    }

    synchronized Collection<IsolatedEntry> all() {
        return List.copyOf(byAccount.values());
    }

    synchronized int size() {
        return byAccount.size();
    }

    private static List<IsolatedEntry> reached(Map<PositionSide, TreeSet<IsolatedEntry>> sets, BigDecimal mark) {
        List<IsolatedEntry> out = new ArrayList<>();
        for (PositionSide side : PositionSide.values()) {
            long markKey = TriggerKeys.mark(side, mark);
            NavigableSet<IsolatedEntry> reached = sets.get(side).tailSet(probe(side, markKey), true);
            out.addAll(reached);
        }
        return out;
    }

    /** Sorts before every entry with a key of at least {@code key}, in both orders. */
    private static IsolatedEntry probe(PositionSide side, long key) {
        return new IsolatedEntry("", "", side, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, key, key);
    }
}
