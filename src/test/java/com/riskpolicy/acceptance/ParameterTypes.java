package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Rows.AdlQueuePlace;
import com.riskpolicy.acceptance.Rows.AdlReduction;
import com.riskpolicy.acceptance.Rows.Caution;
import com.riskpolicy.acceptance.Rows.ClosedCrossPosition;
import com.riskpolicy.acceptance.Rows.CrossAccountFigures;
import com.riskpolicy.acceptance.Rows.ExpectedEvent;
import com.riskpolicy.acceptance.Rows.ExpectedOutcome;
import com.riskpolicy.acceptance.Rows.FigureChange;
import com.riskpolicy.acceptance.Rows.Holding;
import com.riskpolicy.acceptance.Rows.MarkPrice;
import com.riskpolicy.acceptance.Rows.OrderLine;
import com.riskpolicy.acceptance.Rows.PositionFigures;
import com.riskpolicy.acceptance.Rows.Reason;
import com.riskpolicy.acceptance.Vocabulary.Action;
import com.riskpolicy.acceptance.Vocabulary.LiquidationEventType;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import com.riskpolicy.acceptance.Vocabulary.PositionFigure;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import com.riskpolicy.acceptance.Vocabulary.RiskOutcome;
import io.cucumber.java.DataTableType;
import io.cucumber.java.ParameterType;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How the features' words and tables become values: the one place for parameter and data table types. */
@Singleton
@Unremovable
public class ParameterTypes {

    /** 10,000 or 10000 or 0.00000001 or 1,800,000,000.5 */
    private static final String DECIMAL = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";
    private static final String NO_VALUE = "none";
    private static final String DENIED_WITH = "denied with ";
    private static final String THE_CAUTION = "the caution ";
    private static final String PERCENT = " %";
    private static final String TIMES = "x";
    private static final String UNBOUNDED = "unbounded";

    @ParameterType(DECIMAL)
    public BigDecimal amount(String text) {
        return decimal(text);
    }

    /** 10x */
    @ParameterType("(\\d+(?:\\.\\d+)?)x")
    public BigDecimal leverage(String number) {
        return decimal(number);
    }

    /** A ratio written as a percentage: 50 % or 2.34375 %. */
    @ParameterType("(\\d+(?:\\.\\d+)?) %")
    public BigDecimal ratio(String percent) {
        return percentage(percent);
    }

    @ParameterType("[A-Z]{2,}USDT")
    public String symbol(String symbol) {
        return symbol;
    }

    /** A currency of the cross wallet: USDT, BTC, ETH. */
    @ParameterType("[A-Z]{3,5}")
    public String currency(String currency) {
        return currency;
    }

    /** A trader as the features name one: alice, bob. */
    @ParameterType("[a-z]+")
    public String trader(String name) {
        return name;
    }

    @ParameterType("long|short")
    public PositionSide side(String side) {
        return PositionSide.valueOf(side.toUpperCase(Locale.ROOT));
    }

    @ParameterType("buy|sell")
    public OrderSide orderSide(String side) {
        return OrderSide.valueOf(side.toUpperCase(Locale.ROOT));
    }

    @ParameterType("Cross|Isolated")
    public MarginMode mode(String mode) {
        return marginMode(mode);
    }

    /** A stable outcome code: OPEN_POSITION_EXISTS. */
    @ParameterType("[A-Z]+(?:_[A-Z]+)+")
    public String code(String code) {
        return code;
    }

    /** The action a decision was about, as the features call it. */
    @ParameterType("switch|opening|order|margin addition|margin removal|leverage change")
    public Action decided(String action) {
        return switch (action) {
            case "switch" -> Action.SWITCH_MARGIN_MODE;
            case "opening" -> Action.OPEN_POSITION;
            case "order" -> Action.PLACE_ORDER;
            case "margin addition" -> Action.ADD_MARGIN;
            case "margin removal" -> Action.REMOVE_MARGIN;
            default -> Action.ADJUST_LEVERAGE;
        };
    }

    @ParameterType("allowed|denied with [A-Z]+(?:_[A-Z]+)+")
    public ExpectedOutcome outcome(String outcome) {
        return outcome.startsWith(DENIED_WITH)
                ? new ExpectedOutcome(false, outcome.substring(DENIED_WITH.length()))
                : new ExpectedOutcome(true, null);
    }

    /** A warning that never blocks: "the caution CROSS_RISK_RATIO_HIGH", or "no caution". */
    @ParameterType("the caution [A-Z]+(?:_[A-Z]+)+|no caution")
    public Caution caution(String caution) {
        return new Caution(caution.startsWith(THE_CAUTION) ? caution.substring(THE_CAUTION.length()) : null);
    }

    /** Where a mark price change leaves a position or a cross account. */
    @ParameterType("liquidated|margin called|neither margin called nor liquidated")
    public RiskOutcome riskOutcome(String outcome) {
        return switch (outcome) {
            case "liquidated" -> RiskOutcome.LIQUIDATED;
            case "margin called" -> RiskOutcome.MARGIN_CALLED;
            default -> RiskOutcome.NEITHER;
        };
    }

    @DataTableType
    public MarkPrice markPrice(Map<String, String> row) {
        columns(row, "symbol", "mark price");
        return new MarkPrice(row.get("symbol"), decimal(row.get("mark price")));
    }

    @DataTableType
    public CrossAccountFigures crossAccountFigures(Map<String, String> row) {
        columns(row, "wallet USDT", "wallet BTC", "cross equity", "cross initial margin", "cross maintenance margin",
                "transferable", "cross risk ratio");
        return new CrossAccountFigures(decimal(row.get("wallet USDT")), decimal(row.get("wallet BTC")),
                decimal(row.get("cross equity")), decimal(row.get("cross initial margin")),
                decimal(row.get("cross maintenance margin")), decimal(row.get("transferable")),
                row.get("cross risk ratio") == null ? null : percentage(row.get("cross risk ratio")));
    }

    @DataTableType
    public PositionFigures positionFigures(Map<String, String> row) {
        columns(row, "symbol", "mode", "side", "quantity", "entry price", "leverage", "isolated margin",
                "position value", "unrealized PnL", "margin balance", "risk ratio", "liquidation price");
        String isolatedMargin = row.get("isolated margin");
        return new PositionFigures(row.get("symbol"),
                row.get("mode") == null ? null : marginMode(row.get("mode")),
                row.get("side") == null ? null : side(row.get("side")),
                decimal(row.get("quantity")), decimal(row.get("entry price")),
                row.get("leverage") == null ? null : leverage(row.get("leverage").replace(TIMES, "")),
                isolatedMargin == null ? null
                        : NO_VALUE.equals(isolatedMargin) ? Optional.empty() : Optional.of(decimal(isolatedMargin)),
                decimal(row.get("position value")), decimal(row.get("unrealized PnL")),
                decimal(row.get("margin balance")),
                row.get("risk ratio") == null ? null : percentage(row.get("risk ratio")),
                decimal(row.get("liquidation price")));
    }

    @DataTableType
    public FigureChange figureChange(Map<String, String> row) {
        columns(row, "figure", "before", "after");
        return new FigureChange(PositionFigure.named(row.get("figure")), figure(row.get("before")),
                figure(row.get("after")));
    }

    @DataTableType
    public OrderLine orderLine(Map<String, String> row) {
        columns(row, "side", "quantity", "price", "leverage");
        return new OrderLine(orderSide(row.get("side")), decimal(row.get("quantity")), decimal(row.get("price")),
                leverage(row.get("leverage").replace("x", "")));
    }

    @DataTableType
    public Holding holding(Map<String, String> row) {
        columns(row, "trader", "side", "quantity", "price", "leverage");
        return new Holding(row.get("trader"), side(row.get("side")), decimal(row.get("quantity")),
                decimal(row.get("price")), leverage(row.get("leverage").replace(TIMES, "")));
    }

    @DataTableType
    public ExpectedEvent expectedEvent(Map<String, String> row) {
        columns(row, "event", "trader", "symbol", "side", "quantity", "mark price", "risk ratio", "closed at",
                "margin forfeited", "realized PnL", "insurance fund", "rule");
        String riskRatio = row.get("risk ratio");
        return new ExpectedEvent(LiquidationEventType.named(row.get("event")), row.get("trader"), row.get("symbol"),
                row.get("side") == null ? null : side(row.get("side")), decimal(row.get("quantity")),
                decimal(row.get("mark price")),
                riskRatio == null ? null
                        : UNBOUNDED.equals(riskRatio) ? Optional.empty() : Optional.of(percentage(riskRatio)),
                decimal(row.get("closed at")), decimal(row.get("margin forfeited")), decimal(row.get("realized PnL")),
                decimal(row.get("insurance fund")), row.get("rule"));
    }

    @DataTableType
    public AdlReduction adlReduction(Map<String, String> row) {
        columns(row, "trader", "quantity", "closed at", "realized PnL", "rank");
        return new AdlReduction(row.get("trader"), decimal(row.get("quantity")), decimal(row.get("closed at")),
                decimal(row.get("realized PnL")), decimal(row.get("rank")));
    }

    @DataTableType
    public ClosedCrossPosition closedCrossPosition(Map<String, String> row) {
        columns(row, "symbol", "side", "quantity", "closed at", "realized PnL");
        return new ClosedCrossPosition(row.get("symbol"), row.get("side") == null ? null : side(row.get("side")),
                decimal(row.get("quantity")), decimal(row.get("closed at")), decimal(row.get("realized PnL")));
    }

    @DataTableType
    public AdlQueuePlace adlQueuePlace(Map<String, String> row) {
        columns(row, "side", "trader", "rank", "indicator");
        return new AdlQueuePlace(side(row.get("side")), row.get("trader"), decimal(row.get("rank")),
                row.get("indicator") == null ? null : Integer.valueOf(row.get("indicator")));
    }

    @DataTableType
    public Reason reason(Map<String, String> row) {
        columns(row, "code", "rule");
        return new Reason(row.get("code"), row.get("rule"));
    }

    /** 10,000 or -500 or 0.00000001; null for an empty cell. */
    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text.replace(",", ""));
    }

    /** 50 % is 0.5: the service writes ratios with 1 meaning 100 %. */
    private static BigDecimal percentage(String text) {
        return decimal(text.endsWith(PERCENT) ? text.substring(0, text.length() - PERCENT.length()) : text)
                .movePointLeft(2);
    }

    /** One cell of a | figure | before | after | table: an amount, a percentage, a leverage (20x) or "none". */
    private static Optional<BigDecimal> figure(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a figure's before and after must both be given (\"none\" for no value)");
        }
        if (NO_VALUE.equals(text)) {
            return Optional.empty();
        }
        if (text.endsWith(PERCENT)) {
            return Optional.of(percentage(text));
        }
        return Optional.of(decimal(text.endsWith(TIMES) ? text.substring(0, text.length() - TIMES.length()) : text));
    }

    private static MarginMode marginMode(String mode) {
        return MarginMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    /** A misspelt column must not silently go unchecked. */
    private static void columns(Map<String, String> row, String... known) {
        Set<String> allowed = Set.of(known);
        for (String column : row.keySet()) {
            if (!allowed.contains(column)) {
                throw new IllegalArgumentException("unknown column '" + column + "'; expected some of " + allowed);
            }
        }
    }
}
