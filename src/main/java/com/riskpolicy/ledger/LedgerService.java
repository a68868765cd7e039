package com.riskpolicy.ledger;

import com.riskpolicy.cluster.Cluster;
import com.riskpolicy.decision.Decided;
import com.riskpolicy.decision.DecisionSource;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;

/**
 * The ledger: every mutation of an account runs under that account's lock (this node's, then the
 * row's in the database, which serialises it with every other node) in one transaction, reading the account, deciding, logging the decision and writing the state after the
 * action only when the rules allow it; a denied action's transaction writes its log entry alone.
 * Checks read the ledger and change nothing.
 */
@ApplicationScoped
public class LedgerService {

    @Inject
    LedgerStore store;
    @Inject
    AccountLocks locks;
    @Inject
    MarkPriceBook markPrices;
    @Inject
    PolicyService policy;
    @Inject
    AccountCache cache;
    @Inject
    LiquidationBook liquidationBook;
    @Inject
    Cluster cluster;
    @Inject
    ClusterChanges changes;

    /**
     * The account as the ledger holds it now, at the current mark prices. On a database shared with
     * other nodes, the cached account and prices are first confirmed against the database (one
     * query): a check decides on what any node committed before it began.
     */
    public AccountSnapshot account(String accountId) {
        if (cluster.shared()) {
            return confirmed(accountId).withMarkPrices(markPrices.all());
        }
        AccountSnapshot cached = cache.get(accountId);
        if (cached == null) {
            cached = locks.withLock(accountId, () -> {
                AccountSnapshot committed = QuarkusTransaction.requiringNew().call(() ->
                        store.find(accountId).orElseThrow(() -> new AccountNotFoundException(accountId)));
                cache.put(committed);
                return committed;
            });
        }
        return cached.withMarkPrices(markPrices.all());
    }

    private AccountSnapshot confirmed(String accountId) {
        LedgerStore.Stamp stamp = store.stamp(accountId).orElseThrow(() -> new AccountNotFoundException(accountId));
        markPrices.follow(stamp.markPriceEpoch());
        AccountCache.Entry cached = cache.entry(accountId);
        if (cached != null && cached.version() == stamp.version()) {
            return cached.account();
        }
        // Another node changed it: the liquidation index follows, as it does this node's own changes
        return locks.withLock(accountId, () -> QuarkusTransaction.requiringNew().call(() ->
                changes.readAgain(accountId, store.version(accountId))
                        .orElseThrow(() -> new AccountNotFoundException(accountId))));
    }

    public AccountSnapshot createAccount(String accountId, Map<String, BigDecimal> balances) {
        return locks.withLock(accountId, () -> {
            AccountSnapshot created;
            long[] version = new long[1];
            try {
                created = QuarkusTransaction.requiringNew().call(() -> {
                    if (store.exists(accountId)) {
                        throw new LedgerConflictException(409, "account '" + accountId + "' already exists");
                    }
                    store.create(accountId, balances);
                    store.flush();
                    version[0] = store.version(accountId);
                    return store.find(accountId).orElseThrow();
                });
            } catch (LedgerConflictException e) {
                throw e;
            } catch (RuntimeException e) {
                // Another node created it between the look and the insert: its key refused this one
                if (QuarkusTransaction.requiringNew().call(() -> store.exists(accountId))) {
                    throw new LedgerConflictException(409, "account '" + accountId + "' already exists");
                }
                throw e;
            }
            cache.put(created, version[0]);
            liquidationBook.update(null, created);
            return created;
        });
    }

    public AccountSnapshot deposit(String accountId, String currency, BigDecimal amount) {
        return mutate(accountId, before -> before.toBuilder().credit(currency, amount).build());
    }

    /** Decides with {@code rules} on the account as it is now, without changing anything. */
    public Decided check(RuleSet rules, String accountId, ActionRequest request) {
        return policy.decide(DecisionSource.CHECK, rules, account(accountId), request);
    }

    /**
     * Decides with {@code rules} and, when allowed, applies the action atomically.
     *
     * @throws PolicyDeniedException when the rules refuse it; nothing changed
     */
    public Decided act(RuleSet rules, String accountId, ActionRequest request) {
        Decided[] decided = new Decided[1];
        mutate(accountId, before -> {
            decided[0] = policy.decide(DecisionSource.LEDGER, rules, before, request);
            return decided[0].decision().allowed() ? decided[0].after() : before;
        });
        if (!decided[0].decision().allowed()) {
            throw new PolicyDeniedException(decided[0].decision());
        }
        return decided[0];
    }

    public AccountSnapshot cancelOrder(String accountId, String orderId) {
        return mutate(accountId, before -> {
            if (before.orders().stream().noneMatch(o -> o.orderId().equals(orderId))) {
                throw new LedgerConflictException(404, "account '" + accountId + "' has no open order '" + orderId + "'");
            }
            return before.toBuilder().removeOrder(orderId).build();
        });
    }

    /**
     * Closes the position at the mark price. Realized PnL settles in the cross wallet; an isolated
     * position's margin returns with it, but its loss never exceeds that margin: the cross wallet
     * receives max(0, iM + U).
     */
    public PositionClose closePosition(RuleSet rules, String accountId, String symbol) {
        PositionClose[] closed = new PositionClose[1];
        mutate(accountId, before -> {
            Position position = before.position(symbol).orElseThrow(() ->
                    new LedgerConflictException(404, "account '" + accountId + "' has no " + symbol + " position"));
            BigDecimal mark = MarginMath.markPrice(before, position);
            BigDecimal pnl = MarginMath.unrealizedPnl(position.side(), position.quantity(), position.entryPrice(), mark);
            BigDecimal credited = Money.out(position.isIsolated()
                    ? Money.max(BigDecimal.ZERO, Money.add(position.isolatedMargin(), pnl))
                    : pnl);
            String currency = rules.catalog().valuationCurrency();
            AccountSnapshot after = before.toBuilder().removePosition(symbol).credit(currency, credited).build();
            closed[0] = new PositionClose(after, position, mark, Money.subtract(credited, position.isolatedMargin()),
                    credited);
            return after;
        });
        return closed[0];
    }

    private AccountSnapshot mutate(String accountId, Function<AccountSnapshot, AccountSnapshot> change) {
        AccountSnapshot[] changed = locks.withLock(accountId, () -> {
            AccountSnapshot[] states = new AccountSnapshot[2];
            try {
                long[] version = new long[1];
                QuarkusTransaction.requiringNew().run(() -> {
                    AccountEntity row = store.lock(accountId);
                    if (cluster.shared()) {
                        markPrices.follow(markPrices.databaseEpoch());
                    }
                    states[0] = store.find(accountId).orElseThrow();
                    states[1] = change.apply(states[0]);
                    if (states[1] != states[0]) {
                        store.save(row, states[0], states[1]);
                        store.flush();
                    }
                    version[0] = row.version;
                });
                cache.put(states[1], version[0]);
            } catch (RuntimeException e) {
                cache.forget(accountId);
                throw e;
            }
            if (states[1] != states[0]) {
                liquidationBook.update(states[0], states[1]);
            }
            return states;
        });
        // Outside the account's lock: a mark-price tick holds account locks while it records its price.
        changed[1].markPrices().forEach((symbol, price) -> {
            if (!changed[0].markPrices().containsKey(symbol)) {
                markPrices.setIfAbsent(symbol, price);
            }
        });
        return changed[1];
    }
}
