package com.riskpolicy.console;

import static com.riskpolicy.domain.Display.money;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionRisk;
import com.riskpolicy.domain.RiskTier;
import io.quarkus.qute.TemplateData;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The risk ratio of one position across a range of mark prices, for the what-if plot: every figure
 * is {@link MarginMath}'s, sent as the API's decimal strings (ratios: 1 = 100 %), so the page's
 * script only places them. The range spans the prices that matter for the states plotted (entry,
 * mark, liquidation and margin-call prices), with a margin either side.
 *
 * @param points           the risk ratio at evenly spaced mark prices; {@code riskRatio} null where
 *                         it is unbounded (the margin balance is used up)
 * @param marginCallPrice  where the risk ratio reaches the margin-call threshold; null when no price does
 * @param tierBoundaries   the mark prices in range at which the position value passes a tier's cap
 */
@TemplateData
public record RiskCurve(String symbol, String from, String to, String liquidationRiskRatio, String marginCallRiskRatio,
                        String marginCallPrice, List<Point> points, List<TierBoundary> tierBoundaries) {

    /** Points plotted between {@code from} and {@code to}, both included. */
    static final int STEPS = 120;
    /** The range reaches this share of the spread of the prices that matter beyond them on each side ... */
    private static final BigDecimal SPREAD_MARGIN = new BigDecimal("0.25");
    /** ... and at least this share of the highest of them, so one price alone still gets a range. */
    private static final BigDecimal PRICE_MARGIN = new BigDecimal("0.03");

    /** The risk ratio at one mark price. */
    public record Point(String markPrice, String riskRatio) {
    }

    /** Above {@code markPrice} the position value passes the cap of {@code tier}. */
    public record TierBoundary(int tier, String markPrice) {
    }

    /** The prices that matter for the account's position in {@code symbol}: entry, mark, liquidation, margin call. */
    static List<BigDecimal> pricesOfNote(MarginMath math, AccountSnapshot account, String symbol) {
        List<BigDecimal> prices = new ArrayList<>();
        Optional<Position> held = account.position(symbol);
        if (held.isEmpty()) {
            return prices;
        }
        Position position = held.get();
        prices.add(position.entryPrice());
        prices.add(MarginMath.markPrice(account, position));
        math.positionRisk(account, symbol).map(PositionRisk::liquidationPrice).ifPresent(prices::add);
        math.riskRatioPrice(account, symbol, math.catalog().marginCallRiskRatio()).ifPresent(prices::add);
        return prices;
    }

    /**
     * The curve of the account's position in {@code symbol} over a range that holds every price of
     * {@code ofNote}; empty without a position.
     */
    static Optional<RiskCurve> of(MarginMath math, AccountSnapshot account, String symbol, List<BigDecimal> ofNote) {
        Optional<Position> held = account.position(symbol);
        if (held.isEmpty() || ofNote.isEmpty()) {
            return Optional.empty();
        }
        Position position = held.get();
        BigDecimal low = ofNote.stream().reduce(Money::min).orElseThrow();
        BigDecimal high = ofNote.stream().reduce(Money::max).orElseThrow();
        BigDecimal pad = Money.max(Money.multiply(Money.subtract(high, low), SPREAD_MARGIN), Money.multiply(high, PRICE_MARGIN));
        BigDecimal from = Money.out(Money.max(Money.subtract(low, pad), Money.UNIT));
        BigDecimal to = Money.out(Money.add(high, pad));
        BigDecimal step = Money.divide(Money.subtract(to, from), BigDecimal.valueOf(STEPS));

        List<Point> points = new ArrayList<>(STEPS + 1);
        Map<String, BigDecimal> marks = new HashMap<>(account.markPrices());
        for (int i = 0; i <= STEPS; i++) {
            BigDecimal price = i == STEPS ? to : Money.out(Money.add(from, Money.multiply(step, BigDecimal.valueOf(i))));
            marks.put(symbol, price);
            BigDecimal ratio = math.positionRisk(account.withMarkPrices(marks), symbol)
                    .map(PositionRisk::riskRatio).orElse(null);
            points.add(new Point(money(price), money(ratio)));
        }

        Contract contract = math.catalog().requireContract(symbol);
        List<TierBoundary> boundaries = new ArrayList<>();
        for (RiskTier tier : contract.tiers()) {
            BigDecimal price = Money.divide(tier.cap(), position.quantity());
            if (price.compareTo(from) > 0 && price.compareTo(to) < 0) {
                boundaries.add(new TierBoundary(tier.tier(), money(price)));
            }
        }
        String marginCall = money(math.riskRatioPrice(account, symbol, math.catalog().marginCallRiskRatio()).orElse(null));
        return Optional.of(new RiskCurve(symbol, money(from), money(to), money(math.catalog().liquidationRiskRatio()),
                money(math.catalog().marginCallRiskRatio()), marginCall, points, boundaries));
    }
}
