package com.riskpolicy.liquidation;

import static com.riskpolicy.domain.Money.add;
import static com.riskpolicy.domain.Money.divide;
import static com.riskpolicy.domain.Money.multiply;
import static com.riskpolicy.domain.Money.subtract;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.CrossBook;
import com.riskpolicy.domain.Ids;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.fact.LiquidationVerdict;
import com.riskpolicy.domain.fact.RiskExposure;
import com.riskpolicy.domain.fact.RiskExposure.Scope;
import com.riskpolicy.liquidation.AdlRanking.Ranked;
import com.riskpolicy.liquidation.LiquidationBook.Thresholds;
import com.riskpolicy.liquidation.LiquidationEvent.AdlFill;
import com.riskpolicy.liquidation.LiquidationEvent.ClosedPosition;
import com.riskpolicy.liquidation.TickPlan.AccountChange;
import com.riskpolicy.liquidation.TickPlan.PositionKey;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Works out what one mark-price tick does (docs/margin-policy.md §3.6), without writing anything: finds the isolated
 * positions and cross books the new price may have brought to a threshold (from the index, not by
 * looking at every position), computes their exact risk ratios, lets the rules decide in one
 * session, and plans the effects: positions closed, margin forfeited, the insurance fund's share,
 * auto-deleveraging where the fund cannot cover a deficit, margin calls.
 *
 * <p>One planner per tick; ticks are planned one at a time.
 */
public final class TickPlanner {

    private final LiquidationBook book;
    private final RuleSet rules;
    private final TickLedger ledger;
    private final String symbol;
    private final BigDecimal mark;
    private final Map<String, BigDecimal> marks;
    private final Map<String, BigDecimal> fund;
    private final Instant at;
    private final Thresholds thresholds;
    private final MarginMath math;

    private final List<LiquidationEvent> events = new ArrayList<>();
    /** ADL fills of the liquidation being carried out: recorded right after it. */
    private final List<LiquidationEvent> adlEvents = new ArrayList<>();
    private final Map<String, AccountSnapshot> committed = new LinkedHashMap<>();
    private final Map<String, AccountSnapshot> working = new HashMap<>();
    private final Map<String, List<String>> pendingIsolatedCloses = new LinkedHashMap<>();
    private final Set<PositionKey> closed = new HashSet<>();
    private final Map<QueueKey, List<Ranked>> adlQueues = new HashMap<>();
    private final Map<String, BigDecimal> fundDeltas = new TreeMap<>();
    private final List<String> isolatedCalled = new ArrayList<>();
    private final List<String> crossCalled = new ArrayList<>();
    private final List<String> crossRecovered = new ArrayList<>();
    private long rulesNanos;

    /**
     * @param marks the mark prices of every contract with the new one in place
     * @param fund  the insurance fund's balance per settlement currency before the tick
     */
    public TickPlanner(LiquidationBook book, RuleSet rules, TickLedger ledger, String symbol, BigDecimal mark,
                       Map<String, BigDecimal> marks, Map<String, BigDecimal> fund, Instant at) {
        book.useRules(rules);
        this.book = book;
        this.rules = rules;
        this.ledger = ledger;
        this.symbol = symbol;
        this.mark = mark;
        this.marks = Map.copyOf(marks);
        this.fund = new HashMap<>(fund);
        this.at = at;
        this.thresholds = book.thresholds();
        this.math = thresholds.math();
    }

    public TickPlan plan() {
        SymbolBook symbolBook = book.symbol(symbol);
        List<RiskExposure> exposures = new ArrayList<>();
        Map<String, IsolatedEntry> isolated = screenIsolated(symbolBook, exposures);
        screenCross(exposures);
        List<String> recovered = symbolBook.recovered(mark).stream().map(IsolatedEntry::accountId).toList();

        long rulesStart = System.nanoTime();
        List<LiquidationVerdict> verdicts = rules.liquidationVerdicts(exposures);
        rulesNanos = System.nanoTime() - rulesStart;
        Set<String> decided = new HashSet<>();
        for (LiquidationVerdict verdict : verdicts) {
            RiskExposure exposure = verdict.exposure();
            // Rules may say the same thing twice (two rules, one verdict): each is carried out once.
            if (!decided.add(verdict.type() + " " + exposure.scope() + " " + exposure.accountId())) {
                continue;
            }
            switch (verdict.type()) {
                case ISOLATED_LIQUIDATION -> liquidateIsolated(isolated.get(exposure.accountId()), verdict);
                case ACCOUNT_LIQUIDATION -> liquidateAccount(exposure.accountId(), verdict);
                case MARGIN_CALL -> marginCall(verdict, isolated.get(exposure.accountId()));
                case ADL -> throw new IllegalStateException("rule '" + verdict.rule() + "' asked for ADL: ADL follows from a deficit, not from a rule");
            }
        }
        List<PositionKey> isolatedCloses = new ArrayList<>();
        pendingIsolatedCloses.forEach((account, symbols) -> symbols.forEach(s -> isolatedCloses.add(new PositionKey(account, s))));
        List<AccountChange> changes = new ArrayList<>();
        committed.forEach((account, before) -> {
            AccountSnapshot after = working.get(account).withMarkPrices(Map.of());
            if (!after.equals(before)) {
                changes.add(new AccountChange(before, after));
            }
        });
        return new TickPlan(symbol, mark, rules.revision(), List.copyOf(events), isolatedCloses, changes,
                Map.copyOf(fundDeltas), new TickPlan.Flags(List.copyOf(isolatedCalled), recovered,
                List.copyOf(crossCalled), List.copyOf(crossRecovered)));
    }

    /** How long {@link #plan()} waited for the rules' verdicts, in nanoseconds: a tick's metrics split it off. */
    public long rulesNanos() {
        return rulesNanos;
    }

    // ---------------------------------------------------------------------------------------------
    // Screening: the index finds the candidates, the exact ratio keeps those at a threshold
    // ---------------------------------------------------------------------------------------------

    private Map<String, IsolatedEntry> screenIsolated(SymbolBook symbolBook, List<RiskExposure> exposures) {
        Map<String, IsolatedEntry> candidates = new TreeMap<>();
        symbolBook.liquidationCandidates(mark).forEach(e -> candidates.put(e.accountId(), e));
        symbolBook.marginCallCandidates(mark).forEach(e -> candidates.putIfAbsent(e.accountId(), e));
        Map<String, IsolatedEntry> evaluated = new HashMap<>();
        Contract contract = math.catalog().requireContract(symbol);
        ledger.lockAll(candidates.keySet());
        for (String accountId : candidates.keySet()) {
            IsolatedEntry entry = symbolBook.get(accountId);
            if (entry == null) {
                continue;
            }
            BigDecimal value = MarginMath.positionValue(entry.quantity(), mark);
            BigDecimal maintenance = MarginMath.maintenanceMargin(value, contract.tierOrLast(value));
            BigDecimal balance = add(entry.isolatedMargin(),
                    MarginMath.unrealizedPnl(entry.side(), entry.quantity(), entry.entryPrice(), mark));
            BigDecimal ratio = MarginMath.riskRatio(maintenance, balance).orElse(null);
            RiskExposure exposure = new RiskExposure(Scope.ISOLATED_POSITION, accountId, symbol, ratio, ratio == null,
                    symbolBook.marginCalled(accountId));
            if (exposure.reaches(thresholds.screening())) {
                exposures.add(exposure);
                evaluated.put(accountId, entry);
            }
        }
        return evaluated;
    }

    private void screenCross(List<RiskExposure> exposures) {
        for (String accountId : book.crossAccounts(symbol)) {
            CrossBook cross = math.crossBook(account(accountId));
            BigDecimal ratio = cross.riskRatio();
            RiskExposure exposure = new RiskExposure(Scope.CROSS_ACCOUNT, accountId, symbol, ratio, ratio == null,
                    book.crossMarginCalled(accountId));
            if (exposure.reaches(thresholds.screening())) {
                exposures.add(exposure);
            } else if (exposure.marginCalled() && !exposure.reaches(thresholds.marginCall())) {
                crossRecovered.add(accountId);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Effects
    // ---------------------------------------------------------------------------------------------

    /**
     * The position is closed at the mark; its margin is forfeited and the cross wallet untouched.
     * iM + U &gt; 0 goes to the insurance fund; a deficit is drawn from it, or, when the fund is
     * short, covered by ADL at the bankruptcy price.
     */
    private void liquidateIsolated(IsolatedEntry entry, LiquidationVerdict verdict) {
        String accountId = entry.accountId();
        String currency = currency(symbol);
        PositionSide side = entry.side();
        BigDecimal quantity = entry.quantity();
        BigDecimal margin = entry.isolatedMargin();
        BigDecimal pnl = MarginMath.unrealizedPnl(side, quantity, entry.entryPrice(), mark);
        BigDecimal balance = add(margin, pnl);
        BigDecimal price = mark;
        BigDecimal realized = Money.out(pnl);
        List<AdlFill> fills = List.of();
        String note = null;
        if (balance.signum() < 0 && fund(currency).compareTo(balance.negate()) < 0) {
            BigDecimal bankruptcy = MarginMath.bankruptcyPrice(side, quantity, entry.entryPrice(), margin);
            Deleveraged adl = deleverage(symbol, side.opposite(), quantity, bankruptcy, accountId, verdict.rule());
            BigDecimal rest = subtract(quantity, adl.quantity());
            realized = Money.out(add(
                    MarginMath.unrealizedPnl(side, adl.quantity(), entry.entryPrice(), bankruptcy),
                    MarginMath.unrealizedPnl(side, rest, entry.entryPrice(), mark)));
            // what was deleveraged closed at the bankruptcy price, the rest at the mark: the average of the two
            price = divide(add(multiply(adl.quantity(), bankruptcy), multiply(rest, mark)), quantity);
            fills = adl.fills();
            if (rest.signum() > 0) {
                note = shortfallNote(quantity, adl.quantity(), currency, margin.add(realized));
            }
        }
        BigDecimal fundDelta = margin.add(realized);
        moveFund(currency, fundDelta);
        closeIsolated(accountId, symbol);
        events.add(new LiquidationEvent(Ids.next(), LiquidationType.ISOLATED_LIQUIDATION, accountId,
                symbol, side, quantity, verdict.exposure().riskRatio(), mark, Money.out(price), margin, fundDelta,
                realized, fills, List.of(), verdict.rule(), rules.revision(), note, at));
        flushAdlEvents();
    }

    private void flushAdlEvents() {
        events.addAll(adlEvents);
        adlEvents.clear();
    }

    /**
     * Every cross order cancelled, every cross position closed at its mark; realized PnL settles in
     * the settlement balance. Negative equity left over is covered by the insurance fund, or by ADL
     * at each closed position's bankruptcy price (its share of the deficit by position value).
     */
    private void liquidateAccount(String accountId, LiquidationVerdict verdict) {
        AccountSnapshot before = account(accountId);
        String currency = math.catalog().valuationCurrency();
        AccountSnapshot.Builder after = before.toBuilder().removeOrders(o -> o.mode() == MarginMode.CROSS);
        List<Position> crossPositions = before.positions().stream().filter(p -> !p.isIsolated()).toList();
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal totalValue = BigDecimal.ZERO;
        List<ClosedPosition> closedPositions = new ArrayList<>();
        for (Position position : crossPositions) {
            BigDecimal positionMark = MarginMath.markPrice(before, position);
            BigDecimal pnl = Money.out(MarginMath.unrealizedPnl(position.side(), position.quantity(),
                    position.entryPrice(), positionMark));
            after.removePosition(position.symbol()).credit(currency, pnl);
            realized = realized.add(pnl);
            totalValue = add(totalValue, MarginMath.positionValue(position.quantity(), positionMark));
            closedPositions.add(new ClosedPosition(position.symbol(), position.side(), position.quantity(),
                    Money.out(positionMark), Money.out(positionMark), pnl));
        }
        BigDecimal equity = math.crossEquity(after.build());
        BigDecimal fundDelta = BigDecimal.ZERO.setScale(Money.SCALE);
        List<AdlFill> fills = new ArrayList<>();
        String note = null;
        if (equity.signum() < 0) {
            BigDecimal deficit = Money.requirement(equity.negate());
            BigDecimal covered = BigDecimal.ZERO;
            if (fund(currency).compareTo(deficit) < 0) {
                BigDecimal allocated = BigDecimal.ZERO;
                for (int i = 0; i < crossPositions.size(); i++) {
                    Position position = crossPositions.get(i);
                    BigDecimal positionMark = MarginMath.markPrice(before, position);
                    BigDecimal share = i == crossPositions.size() - 1
                            ? deficit.subtract(allocated)
                            : Money.out(divide(multiply(deficit, MarginMath.positionValue(position.quantity(), positionMark)), totalValue));
                    allocated = allocated.add(share);
                    BigDecimal bankruptcy = add(positionMark, multiply(position.side().sign(), divide(share, position.quantity())));
                    Deleveraged adl = deleverage(position.symbol(), position.side().opposite(), position.quantity(),
                            bankruptcy, accountId, verdict.rule());
                    BigDecimal coveredHere = adl.quantity().compareTo(position.quantity()) == 0
                            ? share : Money.out(divide(multiply(share, adl.quantity()), position.quantity()));
                    covered = covered.add(coveredHere);
                    fills.addAll(adl.fills());
                    closedPositions.set(i, new ClosedPosition(position.symbol(), position.side(), position.quantity(),
                            Money.out(positionMark), Money.out(bankruptcy), closedPositions.get(i).realizedPnl().add(coveredHere)));
                }
                if (covered.compareTo(deficit) < 0) {
                    note = "Auto-deleveraging covered " + covered.toPlainString() + " of the " + deficit.toPlainString()
                            + " deficit; the insurance fund paid the rest" + (fund(currency).compareTo(deficit.subtract(covered)) < 0
                            ? " and is now below zero." : ".");
                }
            }
            fundDelta = covered.subtract(deficit);
            after.credit(currency, deficit);
            realized = realized.add(covered);
        }
        moveFund(currency, fundDelta);
        working.put(accountId, after.build());
        events.add(new LiquidationEvent(Ids.next(), LiquidationType.ACCOUNT_LIQUIDATION, accountId,
                null, null, null, verdict.exposure().riskRatio(), mark, null, null, fundDelta, realized, fills,
                closedPositions, verdict.rule(), rules.revision(), note, at));
        flushAdlEvents();
    }

    /** {@code entry} is the isolated position called, null for a cross book. */
    private void marginCall(LiquidationVerdict verdict, IsolatedEntry entry) {
        RiskExposure exposure = verdict.exposure();
        boolean isolated = exposure.scope() == Scope.ISOLATED_POSITION;
        (isolated ? isolatedCalled : crossCalled).add(exposure.accountId());
        events.add(new LiquidationEvent(Ids.next(), LiquidationType.MARGIN_CALL, exposure.accountId(),
                isolated ? exposure.symbol() : null, isolated ? entry.side() : null, isolated ? entry.quantity() : null,
                exposure.riskRatio(), mark, null, null, null, null,
                List.of(), List.of(), verdict.rule(), rules.revision(), null, at));
    }

    private record Deleveraged(BigDecimal quantity, List<AdlFill> fills) {
    }

    /**
     * Reduces {@code side}'s positions in {@code contract}, highest ADL rank first, by {@code quantity}
     * in total (each by at most its own size) at {@code price}.
     */
    private Deleveraged deleverage(String contract, PositionSide side, BigDecimal quantity, BigDecimal price,
                                   String liquidated, String rule) {
        BigDecimal remaining = quantity;
        List<AdlFill> fills = new ArrayList<>();
        String currency = currency(contract);
        for (Ranked ranked : adlQueue(contract, side)) {
            if (remaining.signum() == 0) {
                break;
            }
            if (ranked.accountId().equals(liquidated) || closed.contains(new PositionKey(ranked.accountId(), contract))) {
                continue;
            }
            AccountSnapshot account = account(ranked.accountId());
            Position position = account.position(contract).filter(p -> p.side() == side).orElse(null);
            if (position == null) {
                continue;
            }
            BigDecimal taken = position.quantity().min(remaining);
            BigDecimal pnl = Money.out(MarginMath.unrealizedPnl(side, taken, position.entryPrice(), price));
            AccountSnapshot.Builder after = account.toBuilder();
            boolean whole = taken.compareTo(position.quantity()) == 0;
            BigDecimal released = !position.isIsolated() ? BigDecimal.ZERO
                    : whole ? position.isolatedMargin()
                    : Money.out(divide(multiply(position.isolatedMargin(), taken), position.quantity()));
            if (whole) {
                after.removePosition(contract);
                closed.add(new PositionKey(ranked.accountId(), contract));
            } else {
                after.position(new Position(contract, side, position.quantity().subtract(taken), position.entryPrice(),
                        position.leverage(), position.mode(), position.isolatedMargin().subtract(released)));
            }
            after.credit(currency, released.add(pnl));
            working.put(ranked.accountId(), after.build());
            remaining = remaining.subtract(taken);
            fills.add(new AdlFill(ranked.accountId(), contract, side, taken, Money.out(price), pnl, ranked.rank()));
            adlEvents.add(new LiquidationEvent(Ids.next(), LiquidationType.ADL, ranked.accountId(),
                    contract, side, taken, null, marks.get(contract), Money.out(price), null, null, pnl, List.of(),
                    List.of(), rule, rules.revision(), "Reduced to cover the liquidation of " + liquidated + ".", at));
        }
        return new Deleveraged(subtract(quantity, remaining), fills);
    }

    /** A side's ADL queue at this tick's prices, worked out once per tick (a reduction keeps a position's rank). */
    private List<Ranked> adlQueue(String contract, PositionSide side) {
        return adlQueues.computeIfAbsent(new QueueKey(contract, side),
                key -> AdlRanking.queue(book, math, contract, side, marks.get(contract), this::account));
    }

    private record QueueKey(String contract, PositionSide side) {
    }

    // ---------------------------------------------------------------------------------------------
    // Working state
    // ---------------------------------------------------------------------------------------------

    /** The account as this tick has left it so far, at the tick's mark prices; locked. */
    private AccountSnapshot account(String accountId) {
        AccountSnapshot current = working.get(accountId);
        if (current != null) {
            return current;
        }
        AccountSnapshot read = ledger.lockAndRead(accountId);
        committed.put(accountId, read);
        AccountSnapshot.Builder builder = read.withMarkPrices(marks).toBuilder();
        List<String> closes = pendingIsolatedCloses.remove(accountId);
        if (closes != null) {
            closes.forEach(s -> builder.removePosition(s).removeOrders(o -> o.symbol().equals(s)));
        }
        current = builder.build();
        working.put(accountId, current);
        return current;
    }

    private void closeIsolated(String accountId, String contract) {
        closed.add(new PositionKey(accountId, contract));
        AccountSnapshot current = working.get(accountId);
        if (current != null) {
            working.put(accountId, current.toBuilder().removePosition(contract)
                    .removeOrders(o -> o.symbol().equals(contract)).build());
        } else {
            pendingIsolatedCloses.computeIfAbsent(accountId, k -> new ArrayList<>()).add(contract);
        }
    }

    private String currency(String contract) {
        return math.catalog().requireContract(contract).settlementCurrency();
    }

    private BigDecimal fund(String currency) {
        return fund.getOrDefault(currency, BigDecimal.ZERO);
    }

    private void moveFund(String currency, BigDecimal delta) {
        if (delta.signum() != 0) {
            fund.merge(currency, delta, BigDecimal::add);
            fundDeltas.merge(currency, delta, BigDecimal::add);
        }
    }

    private String shortfallNote(BigDecimal quantity, BigDecimal deleveraged, String currency, BigDecimal fundDelta) {
        return "The opposite side held " + deleveraged.stripTrailingZeros().toPlainString() + " of "
                + quantity.stripTrailingZeros().toPlainString() + ": the insurance fund paid the rest"
                + (fund(currency).add(fundDelta).signum() < 0 ? " and is now below zero." : ".");
    }
}
