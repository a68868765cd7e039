package com.riskpolicy.liquidation;

import static com.riskpolicy.domain.Money.divide;
import static com.riskpolicy.domain.Money.multiply;
import static com.riskpolicy.domain.Money.subtract;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Auto-deleveraging rank, BitMEX style (docs/margin-policy.md §3.6): PnL% = U / (q × E); effective leverage =
 * PV / |PV − bankruptcy value|; rank = PnL% × effective leverage when PnL% ≥ 0, PnL% / effective
 * leverage when PnL% &lt; 0. Highest rank first; the indicator is ceil(5 × k / n).
 */
public final class AdlRanking {

    /** The indicator runs from 1 to this: the first fifth of the queue shows 5. */
    public static final int INDICATOR_LEVELS = 5;

    /** Highest rank first; equal ranks by account, so the queue is the same every time. */
    public static final Comparator<Ranked> QUEUE_ORDER =
            Comparator.comparing(Ranked::rank).reversed().thenComparing(Ranked::accountId);

    private AdlRanking() {
    }

    /** One position in a side's queue. */
    public record Ranked(String accountId, PositionSide side, BigDecimal quantity, BigDecimal rank) {
    }

    /** A position in the queue with its place: {@code indicator} 1-5, 5 first in line. */
    public record Placed(String accountId, BigDecimal rank, int indicator) {
    }

    /**
     * The rank of a position of {@code quantity} at {@code entryPrice} at mark {@code mark}, backed by
     * {@code margin} (its isolated margin, or for a cross position its share of cross equity).
     */
    public static BigDecimal rank(PositionSide side, BigDecimal quantity, BigDecimal entryPrice, BigDecimal margin,
                                  BigDecimal mark) {
        BigDecimal pnl = MarginMath.unrealizedPnl(side, quantity, entryPrice, mark);
        BigDecimal pnlPercent = divide(pnl, multiply(quantity, entryPrice));
        BigDecimal value = MarginMath.positionValue(quantity, mark);
        BigDecimal bankruptcyValue = multiply(quantity, MarginMath.bankruptcyPrice(side, quantity, entryPrice, margin));
        BigDecimal distance = subtract(value, bankruptcyValue).abs();
        // A position at its bankruptcy price has unbounded effective leverage; one unit keeps the order.
        BigDecimal effectiveLeverage = divide(value, distance.signum() == 0 ? Money.UNIT : distance);
        return pnlPercent.signum() >= 0 ? multiply(pnlPercent, effectiveLeverage) : divide(pnlPercent, effectiveLeverage);
    }

    /**
     * Every position on one side of a contract, isolated ones from the index and cross ones from
     * their accounts, in the order ADL takes them, at mark price {@code mark}.
     */
    public static List<Ranked> queue(LiquidationBook book, MarginMath math, String contract, PositionSide side,
                                     BigDecimal mark, Function<String, AccountSnapshot> accounts) {
        List<Ranked> queue = new ArrayList<>();
        for (IsolatedEntry entry : book.symbol(contract).side(side)) {
            queue.add(new Ranked(entry.accountId(), side, entry.quantity(),
                    rank(side, entry.quantity(), entry.entryPrice(), entry.isolatedMargin(), mark)));
        }
        for (String accountId : book.crossAccounts(contract)) {
            AccountSnapshot account = accounts.apply(accountId);
            account.position(contract).filter(p -> !p.isIsolated() && p.side() == side).ifPresent(p ->
                    queue.add(new Ranked(accountId, side, p.quantity(),
                            rank(side, p.quantity(), p.entryPrice(), crossShare(math, account, p), mark))));
        }
        queue.sort(QUEUE_ORDER);
        return queue;
    }

    /** equity × PV / Σ cross PV: the part of the account's cross equity that backs {@code position}. */
    static BigDecimal crossShare(MarginMath math, AccountSnapshot account, Position position) {
        BigDecimal total = BigDecimal.ZERO;
        for (Position p : account.positions()) {
            if (!p.isIsolated()) {
                total = Money.add(total, MarginMath.positionValue(p.quantity(), MarginMath.markPrice(account, p)));
            }
        }
        BigDecimal value = MarginMath.positionValue(position.quantity(), MarginMath.markPrice(account, position));
        return divide(multiply(math.crossEquity(account), value), total);
    }

    /** Sorts a side's positions into the order ADL takes them and gives each its indicator. */
    public static List<Placed> place(List<Ranked> side) {
        List<Ranked> sorted = new ArrayList<>(side);
        sorted.sort(QUEUE_ORDER);
        int n = sorted.size();
        List<Placed> out = new ArrayList<>(n);
        // k = how many positions have a rank at most this one's: walking from the lowest rank up.
        int[] atMost = new int[n];
        int i = n - 1;
        while (i >= 0) {
            int j = i;
            while (j > 0 && sorted.get(j - 1).rank().compareTo(sorted.get(i).rank()) == 0) {
                j--;
            }
            for (int t = j; t <= i; t++) {
                atMost[t] = n - j;
            }
            i = j - 1;
        }
        for (int t = 0; t < n; t++) {
            int indicator = BigDecimal.valueOf((long) INDICATOR_LEVELS * atMost[t]).divide(BigDecimal.valueOf(n), 0, RoundingMode.CEILING).intValue();
            out.add(new Placed(sorted.get(t).accountId(), sorted.get(t).rank(), indicator));
        }
        return out;
    }
}
