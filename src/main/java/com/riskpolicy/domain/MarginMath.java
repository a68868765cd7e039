package com.riskpolicy.domain;

import static com.riskpolicy.domain.Money.add;
import static com.riskpolicy.domain.Money.divide;
import static com.riskpolicy.domain.Money.multiply;
import static com.riskpolicy.domain.Money.subtract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The formulas of the margin policy (docs/margin-policy.md §2), at full precision over one {@link RiskCatalog}.
 * Nothing here decides; the rules compare what these methods compute.
 */
public final class MarginMath {

    private final RiskCatalog catalog;
    /** The cross wallet's collateral by currency, in an array a cross book walks without allocating. */
    private final CollateralAsset[] collateral;

    public MarginMath(RiskCatalog catalog) {
        this.catalog = catalog;
        this.collateral = catalog.collateral().values().stream()
                .sorted(Comparator.comparing(CollateralAsset::currency))
                .toArray(CollateralAsset[]::new);
    }

    public RiskCatalog catalog() {
        return catalog;
    }

    /** PV = q × M. */
    public static BigDecimal positionValue(BigDecimal quantity, BigDecimal price) {
        return multiply(quantity, price);
    }

    /** U = s × q × (M − E). */
    public static BigDecimal unrealizedPnl(PositionSide side, BigDecimal quantity, BigDecimal entryPrice, BigDecimal markPrice) {
        return multiply(side.sign(), multiply(quantity, subtract(markPrice, entryPrice)));
    }

    /** MM = PV × mmr(tier) − maintenanceAmount(tier). */
    public static BigDecimal maintenanceMargin(BigDecimal positionValue, RiskTier tier) {
        return subtract(multiply(positionValue, tier.maintenanceMarginRate()), tier.maintenanceAmount());
    }

    /** Required (initial) margin at leverage L: PV / L. */
    public static BigDecimal initialMargin(BigDecimal positionValue, BigDecimal leverage) {
        return divide(positionValue, leverage);
    }

    /**
     * Risk ratio = maintenance margin / margin balance; 0 with nothing to maintain; empty (unbounded)
     * when something must be maintained and the margin balance is not positive.
     */
    public static Optional<BigDecimal> riskRatio(BigDecimal maintenanceMargin, BigDecimal marginBalance) {
        if (maintenanceMargin.signum() <= 0) {
            return Optional.of(BigDecimal.ZERO);
        }
        if (marginBalance.signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(divide(maintenanceMargin, marginBalance));
    }

    /** The mark price of the position's symbol; its entry price until the symbol's first mark price. */
    public static BigDecimal markPrice(AccountSnapshot account, Position position) {
        BigDecimal mark = account.markPrices().get(position.symbol());
        return mark != null ? mark : position.entryPrice();
    }

    /**
     * Estimated liquidation price of a position of {@code quantity} at {@code entryPrice} backed by
     * {@code margin}: the price P where margin + U(P) = MM(P), i.e. where the risk ratio is 1.
     * <pre>
     *   LONG : P = (q×E − margin − cum) / (q × (1 − mmr))
     *   SHORT: P = (q×E + margin + cum) / (q × (1 + mmr))
     * </pre>
     * mmr and cum are those of the tier the position would be in at P: start from the tier at
     * {@code currentValue} and move to the tier of q × P until stable, at most one pass per tier.
     * Empty when P ≤ 0 (a long whose margin covers its whole value).
     */
    public Optional<BigDecimal> liquidationPrice(Contract contract, PositionSide side, BigDecimal quantity,
                                                 BigDecimal entryPrice, BigDecimal margin, BigDecimal currentValue) {
        return riskRatioPrice(contract, side, quantity, entryPrice, margin, BigDecimal.ONE, currentValue);
    }

    /**
     * The mark price at which the risk ratio of a position backed by {@code margin} reaches
     * {@code ratio} (r): where MM(P) = r × (margin + U(P)).
     * <pre>
     *   LONG : P = (r×q×E − r×margin − cum) / (q × (r − mmr))
     *   SHORT: P = (r×q×E + r×margin + cum) / (q × (r + mmr))
     * </pre>
     * A long's ratio rises as the price falls, so it reaches r at or below P; a short's at or above P.
     * Tiers as in {@link #liquidationPrice}. Empty when no positive price reaches r.
     */
    public Optional<BigDecimal> riskRatioPrice(Contract contract, PositionSide side, BigDecimal quantity,
                                               BigDecimal entryPrice, BigDecimal margin, BigDecimal ratio,
                                               BigDecimal currentValue) {
        RiskTier tier = contract.tierOrLast(currentValue);
        BigDecimal price = null;
        for (int pass = 0; pass < contract.tiers().size(); pass++) {
            price = riskRatioPriceInTier(side, quantity, entryPrice, margin, ratio, tier);
            if (price == null || price.signum() <= 0) {
                return Optional.empty();
            }
            RiskTier atPrice = contract.tierOrLast(positionValue(quantity, price));
            if (atPrice.tier() == tier.tier()) {
                break;
            }
            tier = atPrice;
        }
        return Optional.of(price);
    }

    private static BigDecimal riskRatioPriceInTier(PositionSide side, BigDecimal quantity, BigDecimal entryPrice,
                                                   BigDecimal margin, BigDecimal ratio, RiskTier tier) {
        BigDecimal entryValue = multiply(ratio, multiply(quantity, entryPrice));
        BigDecimal ratioMargin = multiply(ratio, margin);
        BigDecimal rateFactor;
        BigDecimal numerator;
        if (side == PositionSide.LONG) {
            numerator = subtract(subtract(entryValue, ratioMargin), tier.maintenanceAmount());
            rateFactor = subtract(ratio, tier.maintenanceMarginRate());
        } else {
            numerator = add(add(entryValue, ratioMargin), tier.maintenanceAmount());
            rateFactor = add(ratio, tier.maintenanceMarginRate());
        }
        if (rateFactor.signum() <= 0) {
            return null;
        }
        return divide(numerator, multiply(quantity, rateFactor));
    }

    /** The price at which the position's margin is exactly used up: E − iM/q (long), E + iM/q (short). */
    public static BigDecimal bankruptcyPrice(PositionSide side, BigDecimal quantity, BigDecimal entryPrice,
                                             BigDecimal margin) {
        return subtract(entryPrice, multiply(side.sign(), divide(margin, quantity)));
    }

    /**
     * Cross equity = Σ collateral value of the wallet + Σ U over cross positions. A currency's value is
     * balance × price × collateral ratio; a negative balance (a liability) counts in full; a currency
     * without a price (no mark price yet, or not accepted as collateral) counts 0.
     */
    public BigDecimal crossEquity(AccountSnapshot account) {
        return crossBook(account).equity();
    }

    private BigDecimal collateralValue(AccountSnapshot account) {
        BigDecimal total = BigDecimal.ZERO;
        for (CollateralAsset asset : collateral) {
            BigDecimal balance = account.balances().get(asset.currency());
            if (balance == null) {
                continue;
            }
            BigDecimal price = asset.isValuationCurrency()
                    ? BigDecimal.ONE
                    : account.markPrices().get(asset.priceSymbol());
            if (price == null) {
                continue;
            }
            BigDecimal value = multiply(balance, price);
            total = add(total, value.signum() > 0 ? multiply(value, asset.collateralRatio()) : value);
        }
        return total;
    }

    /** Σ MM over cross positions. */
    public BigDecimal crossMaintenanceMargin(AccountSnapshot account) {
        return crossBook(account).maintenanceMargin();
    }

    /** Σ PV/L over cross positions + Σ q × price / L over open cross orders. */
    public BigDecimal crossInitialMargin(AccountSnapshot account) {
        return crossBook(account).initialMargin();
    }

    /** Σ q × price / L over open isolated orders: margin reserved for isolated positions not yet filled. */
    public BigDecimal isolatedOrderMargin(AccountSnapshot account) {
        BigDecimal total = BigDecimal.ZERO;
        for (Order order : account.orders()) {
            if (order.mode() == MarginMode.ISOLATED) {
                total = add(total, order.reservedMargin());
            }
        }
        return total;
    }

    /** Account (cross) risk ratio = cross MM / cross equity; empty when unbounded. */
    public Optional<BigDecimal> accountRiskRatio(AccountSnapshot account) {
        return Optional.ofNullable(crossBook(account).riskRatio());
    }

    /**
     * Transferable = max(0, min(settlement balance, cross equity − cross IM − isolated order margin)),
     * rounded down to scale 8.
     */
    public BigDecimal transferable(AccountSnapshot account) {
        return crossBook(account).transferable();
    }



    /** Every cross-wallet figure of the account, in one pass over its positions and orders. */
    public CrossBook crossBook(AccountSnapshot account) {
        BigDecimal equity = collateralValue(account);
        BigDecimal initial = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        // Indexed loops: a cross book is worked out several times a decision, and an iterator each time adds up.
        List<Position> positions = account.positions();
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (!position.isIsolated()) {
                BigDecimal mark = markPrice(account, position);
                BigDecimal value = positionValue(position.quantity(), mark);
                equity = add(equity, unrealizedPnl(position.side(), position.quantity(), position.entryPrice(), mark));
                initial = add(initial, initialMargin(value, position.leverage()));
                maintenance = add(maintenance,
                        maintenanceMargin(value, catalog.requireContract(position.symbol()).tierOrLast(value)));
            }
        }
        BigDecimal isolatedOrders = BigDecimal.ZERO;
        List<Order> orders = account.orders();
        for (int i = 0; i < orders.size(); i++) {
            Order order = orders.get(i);
            if (order.mode() == MarginMode.CROSS) {
                initial = add(initial, order.reservedMargin());
            } else {
                isolatedOrders = add(isolatedOrders, order.reservedMargin());
            }
        }
        BigDecimal free = subtract(subtract(equity, initial), isolatedOrders);
        BigDecimal settlement = account.balance(catalog.valuationCurrency());
        BigDecimal transferable = Money.available(Money.max(BigDecimal.ZERO, Money.min(settlement, free)));
        return new CrossBook(equity, initial, maintenance, riskRatio(maintenance, equity).orElse(null), transferable);
    }

    /** All cross figures of the account and the risk of each of its positions. */
    public AccountRisk accountRisk(AccountSnapshot account) {
        CrossBook book = crossBook(account);
        List<PositionRisk> risks = new ArrayList<>(account.positions().size());
        for (Position position : account.positions()) {
            risks.add(positionRisk(account, position, book));
        }
        return new AccountRisk(book.equity(), book.initialMargin(), book.maintenanceMargin(), book.riskRatio(),
                book.transferable(), List.copyOf(risks));
    }

    /** The risk of the account's position in {@code symbol}, if it holds one. */
    public Optional<PositionRisk> positionRisk(AccountSnapshot account, String symbol) {
        return account.position(symbol).map(position ->
                positionRisk(account, position, position.isIsolated() ? null : crossBook(account)));
    }

    /** As {@link #positionRisk(AccountSnapshot, String)}, with the account's cross figures already worked out. */
    public Optional<PositionRisk> positionRisk(AccountSnapshot account, String symbol, CrossBook book) {
        return account.position(symbol).map(position -> positionRisk(account, position, book));
    }

    /**
     * The mark price of the account's position in {@code symbol} at which its risk ratio reaches
     * {@code ratio} (the margin-call threshold, say), as {@link #riskRatioPrice} finds it for the
     * margin behind the position: its isolated margin, or for a cross position what the cross book
     * backs it with at that ratio ({@link #crossBackingMargin}). At a ratio of 1 this is the
     * position's liquidation price. Empty without a position or when no positive price reaches it.
     */
    public Optional<BigDecimal> riskRatioPrice(AccountSnapshot account, String symbol, BigDecimal ratio) {
        return account.position(symbol).flatMap(position -> {
            Contract contract = catalog.requireContract(symbol);
            BigDecimal mark = markPrice(account, position);
            BigDecimal value = positionValue(position.quantity(), mark);
            BigDecimal margin = position.isolatedMargin();
            if (!position.isIsolated()) {
                BigDecimal pnl = unrealizedPnl(position.side(), position.quantity(), position.entryPrice(), mark);
                BigDecimal maintenance = maintenanceMargin(value, contract.tierOrLast(value));
                margin = crossBackingMargin(crossBook(account), pnl, maintenance, ratio);
            }
            return riskRatioPrice(contract, position.side(), position.quantity(), position.entryPrice(), margin, ratio,
                    value);
        });
    }

    /**
     * What backs one cross position of {@code pnl} and {@code maintenance} at risk ratio r, holding the
     * other cross positions and the collateral at their current values: the book's ratio is r where
     * MM(P) + MM_others = r × (equity − U + U(P)), i.e. MM(P) = r × (margin + U(P)) with
     * margin = equity − U − MM_others / r.
     */
    private static BigDecimal crossBackingMargin(CrossBook book, BigDecimal pnl, BigDecimal maintenance, BigDecimal ratio) {
        BigDecimal others = subtract(book.maintenanceMargin(), maintenance);
        return subtract(subtract(book.equity(), pnl), ratio.compareTo(BigDecimal.ONE) == 0 ? others : divide(others, ratio));
    }

    /** {@code book} may be null for an isolated position, which does not use the cross figures. */
    private PositionRisk positionRisk(AccountSnapshot account, Position position, CrossBook book) {
        Contract contract = catalog.requireContract(position.symbol());
        BigDecimal mark = markPrice(account, position);
        BigDecimal value = positionValue(position.quantity(), mark);
        Optional<RiskTier> tier = contract.tierFor(value);
        RiskTier marginTier = tier.orElse(contract.lastTier());
        BigDecimal maintenance = maintenanceMargin(value, marginTier);
        BigDecimal pnl = unrealizedPnl(position.side(), position.quantity(), position.entryPrice(), mark);

        BigDecimal marginBalance;
        BigDecimal ratio;
        BigDecimal liquidationMargin;
        if (position.isIsolated()) {
            marginBalance = add(position.isolatedMargin(), pnl);
            ratio = riskRatio(maintenance, marginBalance).orElse(null);
            liquidationMargin = position.isolatedMargin();
        } else {
            // Holding the other cross positions and the collateral at their current values, this
            // position is backed by what the rest of the cross book does not need for maintenance.
            marginBalance = book.equity();
            ratio = book.riskRatio();
            liquidationMargin = crossBackingMargin(book, pnl, maintenance, BigDecimal.ONE);
        }
        BigDecimal liquidationPrice = liquidationPrice(contract, position.side(), position.quantity(),
                position.entryPrice(), liquidationMargin, value).orElse(null);
        boolean liquidatable = ratio == null
                || ratio.compareTo(catalog.liquidationRiskRatio()) >= 0;
        return new PositionRisk(position.symbol(), position.mode(), position.side(), position.quantity(),
                position.entryPrice(), mark, position.leverage(), value, pnl,
                position.isIsolated() ? position.isolatedMargin() : null, marginBalance,
                initialMargin(value, position.leverage()), maintenance, marginTier.maintenanceMarginRate(),
                tier.map(RiskTier::tier).orElse(null), ratio, liquidationPrice, liquidatable);
    }
}
