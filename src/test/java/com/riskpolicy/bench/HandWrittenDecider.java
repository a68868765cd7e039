package com.riskpolicy.bench;

import static com.riskpolicy.domain.Money.add;
import static com.riskpolicy.domain.Money.divide;
import static com.riskpolicy.domain.Money.multiply;

import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decision.Preview;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.ActionRequest.OpenPosition;
import com.riskpolicy.domain.ActionRequest.SwitchMarginMode;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.CrossBook;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionRisk;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.domain.RiskTier;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The in-process baseline of issue 15: the decisions of {@code margin-mode.drl} (SWITCH_MARGIN_MODE)
 * and {@code open-position.drl} (OPEN_POSITION) hand-written in plain Java, no rules engine. It works
 * out the figures the service's proposers work out, with {@link MarginMath} over the rule set's
 * {@link RiskCatalog} (tiers, risk limits, default leverage, collateral: nothing here is a constant),
 * compares them as the rules do, and answers the violation codes. Only for the benchmark: the rules
 * stay the one place that decides.
 *
 * <p>Two ways to decide: {@link #decide} computes only what the outcome needs (the cross figures of
 * the one side of the account a rule looks at, the account after a fill only when the rule compares
 * it); {@link #decideWithPreview} also computes everything the service returns beside its outcome,
 * the preview and the account after the action, with the same {@code MarginMath} calls as
 * {@code Previews}. {@link DecisionBenchmark} measures both beside {@link PolicyService#decide}, so that
 * the rules' and the previews' shares come out as ratios; {@link #firstDifference} holds them to the
 * rules' outcomes first, and {@code HandWrittenDeciderTest} does in every build.
 */
final class HandWrittenDecider {

    private static final String OPEN_POSITION_EXISTS = "OPEN_POSITION_EXISTS";
    private static final String OPEN_ORDERS_EXIST = "OPEN_ORDERS_EXIST";
    private static final String RISK_LIMIT_EXCEEDED = "RISK_LIMIT_EXCEEDED";
    private static final String LEVERAGE_EXCEEDS_RISK_LIMIT = "LEVERAGE_EXCEEDS_RISK_LIMIT";
    private static final String POSITION_SIDE_CONFLICT = "POSITION_SIDE_CONFLICT";
    private static final String LEVERAGE_MISMATCH = "LEVERAGE_MISMATCH";
    private static final String INSUFFICIENT_CROSS_BALANCE = "INSUFFICIENT_CROSS_BALANCE";
    private static final String INSUFFICIENT_CROSS_MARGIN = "INSUFFICIENT_CROSS_MARGIN";

    private final RiskCatalog catalog;
    private final MarginMath math;

    /** Over the catalog of {@code rules}, the rule set whose outcomes it must equal. */
    HandWrittenDecider(RuleSet rules) {
        this.catalog = rules.catalog();
        this.math = rules.math();
    }

    /**
     * A hand-written outcome: the violation codes (none: ALLOW), and the preview and the account after
     * the action when they were asked for (null otherwise).
     */
    record Verdict(List<String> violationCodes, Preview preview, AccountSnapshot after) {

        boolean allowed() {
            return violationCodes.isEmpty();
        }
    }

    /** The outcome alone. */
    Verdict decide(AccountSnapshot before, ActionRequest request) {
        return decide(before, request, false);
    }

    /** The outcome, the preview and the account after the action, as the service returns them. */
    Verdict decideWithPreview(AccountSnapshot before, ActionRequest request) {
        return decide(before, request, true);
    }

    private Verdict decide(AccountSnapshot before, ActionRequest request, boolean withPreview) {
        if (request instanceof SwitchMarginMode switchMode) {
            return switchMode(before, switchMode, withPreview);
        }
        if (request instanceof OpenPosition opening && opening.action() == Action.OPEN_POSITION) {
            return open(before, opening, withPreview);
        }
        throw new IllegalArgumentException("the baseline hand-writes SWITCH_MARGIN_MODE and OPEN_POSITION only, not "
                + request.action());
    }

    /** margin-mode.drl: a real switch is refused while the symbol has a position or open orders. */
    private Verdict switchMode(AccountSnapshot before, SwitchMarginMode request, boolean withPreview) {
        String symbol = request.symbol();
        catalog.requireContract(symbol);
        List<String> codes = new ArrayList<>(2);
        if (request.targetMode() != before.marginMode(symbol)) {
            if (before.position(symbol).map(p -> p.quantity().signum() > 0).orElse(false)) {
                codes.add(OPEN_POSITION_EXISTS);
            }
            if (!before.orders(symbol).isEmpty()) {
                codes.add(OPEN_ORDERS_EXIST);
            }
        }
        if (!withPreview) {
            return new Verdict(codes, null, null);
        }
        AccountSnapshot after = before.toBuilder().marginMode(symbol, request.targetMode()).build();
        // A switch moves nothing: the figures after it are those before it.
        CrossBook book = math.crossBook(before);
        PositionRisk position = math.positionRisk(before, symbol, book).orElse(null);
        return new Verdict(codes, new Preview(position, position, BigDecimal.ZERO, book.riskRatio(), book.riskRatio()),
                after);
    }

    /**
     * open-position.drl on a fill (spec §3.2): the position's value after it within the risk limit,
     * the leverage within its tier's maximum and equal to the position's, no position on the other
     * side, and the margin: an isolated fill's from what the cross wallet can transfer now, a cross
     * fill's within the cross equity after it.
     */
    private Verdict open(AccountSnapshot before, OpenPosition request, boolean withPreview) {
        String symbol = request.symbol();
        Contract contract = catalog.requireContract(symbol);
        MarginMode mode = before.marginMode(symbol);
        Position existing = before.position(symbol).orElse(null);
        BigDecimal leverage = request.leverage() != null ? request.leverage()
                : existing != null ? existing.leverage()
                : before.leverage(symbol).orElse(catalog.defaultLeverage());
        boolean sameSide = existing == null || existing.side() == request.side();
        BigDecimal held = existing != null && sameSide ? existing.quantity() : BigDecimal.ZERO;
        BigDecimal valueAfter = MarginMath.positionValue(add(held, request.quantity()), request.price());
        RiskTier tierAfter = contract.tierFor(valueAfter).orElse(null);
        BigDecimal requiredMargin = Money.requirement(
                MarginMath.initialMargin(MarginMath.positionValue(request.quantity(), request.price()), leverage));

        List<String> codes = new ArrayList<>(2);
        if (valueAfter.compareTo(contract.riskLimit()) > 0) {
            codes.add(RISK_LIMIT_EXCEEDED);
        }
        if (tierAfter != null && leverage.compareTo(tierAfter.maxLeverage()) > 0) {
            codes.add(LEVERAGE_EXCEEDS_RISK_LIMIT);
        }
        if (!sameSide) {
            codes.add(POSITION_SIDE_CONFLICT);
        }
        if (existing != null && sameSide && leverage.compareTo(existing.leverage()) != 0) {
            codes.add(LEVERAGE_MISMATCH);
        }
        boolean isolated = mode == MarginMode.ISOLATED;
        AccountSnapshot after = null;
        CrossBook bookBefore = null;
        CrossBook bookAfter = null;
        if (isolated || withPreview) {
            bookBefore = math.crossBook(before);
        }
        if (!isolated || withPreview) {
            after = sameSide ? filled(before, request, mode, leverage, existing, requiredMargin) : before;
            bookAfter = after == before && bookBefore != null ? bookBefore : math.crossBook(after);
        }
        if (isolated && requiredMargin.compareTo(bookBefore.transferable()) > 0) {
            codes.add(INSUFFICIENT_CROSS_BALANCE);
        }
        if (!isolated && bookAfter.initialMargin().compareTo(bookAfter.equity()) > 0) {
            codes.add(INSUFFICIENT_CROSS_MARGIN);
        }
        if (!withPreview) {
            return new Verdict(codes, null, null);
        }
        PositionRisk positionBefore = math.positionRisk(before, symbol, bookBefore).orElse(null);
        PositionRisk positionAfter = after == before ? positionBefore
                : math.positionRisk(after, symbol, bookAfter).orElse(null);
        BigDecimal transfer = isolated && sameSide ? requiredMargin : BigDecimal.ZERO;
        return new Verdict(codes, new Preview(positionBefore, positionAfter, transfer, bookBefore.riskRatio(),
                bookAfter.riskRatio()), after);
    }

    /**
     * The account after a fill on the side of the position held (or none): the position grows at the
     * average entry price and keeps its leverage; an isolated fill moves its margin out of the cross
     * wallet.
     */
    private AccountSnapshot filled(AccountSnapshot before, OpenPosition request, MarginMode mode, BigDecimal leverage,
                                   Position existing, BigDecimal requiredMargin) {
        String symbol = request.symbol();
        AccountSnapshot.Builder after = before.toBuilder();
        BigDecimal quantity = request.quantity();
        BigDecimal entry = request.price();
        BigDecimal margin = BigDecimal.ZERO;
        BigDecimal positionLeverage = leverage;
        if (existing == null) {
            after.leverage(symbol, leverage);
        } else {
            quantity = add(existing.quantity(), request.quantity());
            entry = Money.price(divide(add(multiply(existing.quantity(), existing.entryPrice()),
                    multiply(request.quantity(), request.price())), quantity));
            margin = existing.isolatedMargin();
            positionLeverage = existing.leverage();
        }
        if (mode == MarginMode.ISOLATED) {
            margin = add(margin, requiredMargin);
            after.debit(catalog.valuationCurrency(), requiredMargin);
        }
        return after.position(new Position(symbol, request.side(), quantity, entry, positionLeverage, mode, margin))
                .markPriceIfAbsent(symbol, request.price())
                .build();
    }

    /**
     * Decides every case with {@code policy} and by hand, with the preview, and describes the first
     * case where they differ: in the outcome, the violation codes (in any order), the preview or the
     * account after. Empty when they agree on all.
     */
    Optional<String> firstDifference(PolicyService policy, List<DecisionBenchmark.Case> cases) {
        for (DecisionBenchmark.Case c : cases) {
            var decided = policy.decide(c.account(), c.request());
            Decision decision = decided.decision();
            Verdict verdict = decideWithPreview(c.account(), c.request());
            Verdict outcomeOnly = decide(c.account(), c.request());
            List<String> rulesCodes = decision.violations().stream().map(Violation::code).sorted().toList();
            String difference = null;
            if (decision.allowed() != verdict.allowed() || !rulesCodes.equals(sorted(verdict.violationCodes()))) {
                difference = "rules " + decision.decision() + " " + rulesCodes + ", by hand " + sorted(verdict.violationCodes());
            } else if (!verdict.violationCodes().equals(outcomeOnly.violationCodes())) {
                difference = "by hand with the preview " + verdict.violationCodes() + ", without "
                        + outcomeOnly.violationCodes();
            } else if (!decision.preview().equals(verdict.preview())) {
                difference = "preview: rules " + decision.preview() + ", by hand " + verdict.preview();
            } else if (!decided.after().equals(verdict.after())) {
                difference = "account after: rules " + decided.after() + ", by hand " + verdict.after();
            }
            if (difference != null) {
                return Optional.of(c.account().accountId() + " " + c.request() + ": " + difference);
            }
        }
        return Optional.empty();
    }

    private static List<String> sorted(List<String> codes) {
        return codes.stream().sorted().toList();
    }
}
