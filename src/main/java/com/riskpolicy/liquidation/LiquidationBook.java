package com.riskpolicy.liquidation;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.CollateralAsset;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a mark-price tick needs to find its work without looking at every position: the isolated
 * positions of every contract indexed by the prices at which they reach the liquidation and the
 * margin-call risk ratios ({@link SymbolBook}), and which accounts' cross books a contract's price
 * moves (their cross positions' contracts and the contracts pricing their collateral).
 *
 * <p>Kept current by the ledger after every commit (under the account's lock) and rebuilt from the
 * database at startup. The thresholds come from the active rule set's risk parameters; when the
 * rules change, every trigger is worked out again before the next tick uses them.
 */
public final class LiquidationBook {

    /** The scope of a margin call on an account's cross book; an isolated position's is its contract. */
    public static final String CROSS_BOOK = "*";

    private final Map<String, SymbolBook> symbols = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> crossExposure = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> exposedSymbols = new ConcurrentHashMap<>();
    private final Set<String> crossMarginCalled = ConcurrentHashMap.newKeySet();
    private volatile Thresholds thresholds;

    public LiquidationBook(RuleSet rules) {
        this.thresholds = Thresholds.of(rules);
    }

    /** The thresholds and tiers of the rule set the triggers were worked out with. */
    Thresholds thresholds() {
        return thresholds;
    }

    /** Works every trigger out again when {@code rules} is not the rule set the book was built with. */
    public synchronized void useRules(RuleSet rules) {
        if (thresholds.revision().equals(rules.revision())) {
            return;
        }
        thresholds = Thresholds.of(rules);
        for (SymbolBook book : symbols.values()) {
            for (IsolatedEntry entry : book.all()) {
                book.put(entry(entry.accountId(), entry.symbol(), new Position(entry.symbol(), entry.side(),
                        entry.quantity(), entry.entryPrice(), BigDecimal.ONE, null, entry.isolatedMargin())));
            }
        }
    }

    /** Re-indexes what changed between the committed states {@code before} (null for a new account) and {@code after}. */
    public void update(AccountSnapshot before, AccountSnapshot after) {
        String accountId = after.accountId();
        Map<String, Position> old = isolated(before);
        Map<String, Position> now = isolated(after);
        old.keySet().stream().filter(symbol -> !now.containsKey(symbol)).forEach(symbol -> remove(accountId, symbol));
        now.forEach((symbol, position) -> {
            if (!position.equals(old.get(symbol))) {
                symbol(symbol).put(entry(accountId, symbol, position));
            }
        });
        expose(accountId, exposure(after));
    }

    /** Follows a tick that has been committed. */
    public void applied(TickPlan plan) {
        plan.isolatedCloses().forEach(key -> remove(key.accountId(), key.symbol()));
        plan.accountChanges().forEach(change -> update(change.before(), change.after()));
        SymbolBook book = symbol(plan.symbol());
        plan.flags().isolatedCalled().forEach(account -> book.marginCalled(account, true));
        plan.flags().isolatedRecovered().forEach(account -> book.marginCalled(account, false));
        plan.flags().crossCalled().forEach(account -> crossMarginCalled(account, true));
        plan.flags().crossRecovered().forEach(account -> crossMarginCalled(account, false));
    }

    /**
     * Re-indexes an account from its committed state alone, whatever the index held for it: another
     * node changed it, so the index's own record of it may be out of date.
     */
    public void replace(AccountSnapshot after) {
        Map<String, Position> now = isolated(after);
        symbols.forEach((symbol, book) -> {
            if (!now.containsKey(symbol)) {
                book.remove(after.accountId());
            }
        });
        update(null, after);
    }

    /**
     * Sets which of the account's margin calls are in force, as recorded in the database: a scope is
     * the contract of an isolated position, or {@link #CROSS_BOOK} for the cross book.
     */
    public void marginCalls(String accountId, Set<String> scopes) {
        symbols.forEach((symbol, book) -> {
            if (book.get(accountId) != null) {
                book.marginCalled(accountId, scopes.contains(symbol));
            }
        });
        crossMarginCalled(accountId, scopes.contains(CROSS_BOOK) && exposedSymbols.containsKey(accountId));
    }

    /** Indexes one isolated position read from the database at startup. */
    public void load(String accountId, Position position) {
        symbol(position.symbol()).put(entry(accountId, position.symbol(), position));
    }

    /** Records which contracts move an account's cross book, from its committed state. */
    public void loadCrossAccount(AccountSnapshot account) {
        expose(account.accountId(), exposure(account));
    }

    void remove(String accountId, String symbol) {
        SymbolBook book = symbols.get(symbol);
        if (book != null) {
            book.remove(accountId);
        }
    }

    SymbolBook symbol(String symbol) {
        return symbols.computeIfAbsent(symbol, SymbolBook::new);
    }

    /** Accounts whose cross book moves with {@code symbol}'s mark price. */
    Collection<String> crossAccounts(String symbol) {
        Set<String> accounts = crossExposure.get(symbol);
        return accounts == null ? List.of() : List.copyOf(accounts);
    }

    boolean crossMarginCalled(String accountId) {
        return crossMarginCalled.contains(accountId);
    }

    void crossMarginCalled(String accountId, boolean raised) {
        if (raised) {
            crossMarginCalled.add(accountId);
        } else {
            crossMarginCalled.remove(accountId);
        }
    }

    /** Isolated positions indexed, over every contract. */
    public int isolatedPositions() {
        return symbols.values().stream().mapToInt(SymbolBook::size).sum();
    }

    /** Accounts with a cross position, whose books ticks re-evaluate. */
    public int crossAccounts() {
        return exposedSymbols.size();
    }

    IsolatedEntry entry(String accountId, String symbol, Position position) {
        Thresholds current = thresholds;
        Contract contract = current.math().catalog().requireContract(symbol);
        BigDecimal entryValue = MarginMath.positionValue(position.quantity(), position.entryPrice());
        long liquidation = current.math().riskRatioPrice(contract, position.side(), position.quantity(),
                        position.entryPrice(), position.isolatedMargin(), current.liquidation(), entryValue)
                .map(price -> TriggerKeys.trigger(position.side(), price)).orElse(TriggerKeys.NEVER);
        long marginCall = current.math().riskRatioPrice(contract, position.side(), position.quantity(),
                        position.entryPrice(), position.isolatedMargin(), current.marginCall(), entryValue)
                .map(price -> TriggerKeys.trigger(position.side(), price)).orElse(TriggerKeys.NEVER);
        return new IsolatedEntry(accountId, symbol, position.side(), position.quantity(), position.entryPrice(),
                position.isolatedMargin(), liquidation, marginCall);
    }

    private void expose(String accountId, Set<String> symbolsNow) {
        Set<String> before = symbolsNow.isEmpty() ? exposedSymbols.remove(accountId) : exposedSymbols.put(accountId, symbolsNow);
        if (before != null) {
            before.stream().filter(s -> !symbolsNow.contains(s)).forEach(s -> {
                Set<String> accounts = crossExposure.get(s);
                if (accounts != null) {
                    accounts.remove(accountId);
                }
            });
        }
        if (symbolsNow.isEmpty()) {
            crossMarginCalled.remove(accountId);
        }
        symbolsNow.forEach(s -> crossExposure.computeIfAbsent(s, k -> ConcurrentHashMap.newKeySet()).add(accountId));
    }

    /**
     * The contracts whose mark price moves the account's cross risk ratio: none without a cross
     * position (nothing to maintain); else those of its cross positions and of its non-settlement
     * collateral.
     */
    private Set<String> exposure(AccountSnapshot account) {
        Set<String> out = new HashSet<>();
        for (Position position : account.positions()) {
            if (!position.isIsolated()) {
                out.add(position.symbol());
            }
        }
        if (out.isEmpty()) {
            return Set.of();
        }
        RiskCatalog catalog = thresholds.math().catalog();
        account.balances().forEach((currency, amount) -> {
            CollateralAsset asset = catalog.collateral().get(currency);
            if (asset != null && !asset.isValuationCurrency() && amount.signum() != 0) {
                out.add(asset.priceSymbol());
            }
        });
        return Set.copyOf(out);
    }

    private static Map<String, Position> isolated(AccountSnapshot account) {
        Map<String, Position> out = new HashMap<>();
        if (account != null) {
            for (Position position : account.positions()) {
                if (position.isIsolated()) {
                    out.put(position.symbol(), position);
                }
            }
        }
        return out;
    }

    /** The risk ratios the index screens for, and the rule set they come from. */
    record Thresholds(String revision, MarginMath math, BigDecimal liquidation, BigDecimal marginCall) {

        static Thresholds of(RuleSet rules) {
            RiskCatalog catalog = rules.catalog();
            return new Thresholds(rules.revision(), rules.math(), catalog.liquidationRiskRatio(), catalog.marginCallRiskRatio());
        }

        /** The lower of the two: below it, no rule has anything to say. */
        BigDecimal screening() {
            return liquidation.min(marginCall);
        }
    }
}
