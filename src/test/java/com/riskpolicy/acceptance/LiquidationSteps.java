package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.riskpolicy.acceptance.Rows.AdlQueuePlace;
import com.riskpolicy.acceptance.Rows.AdlReduction;
import com.riskpolicy.acceptance.Rows.ClosedCrossPosition;
import com.riskpolicy.acceptance.Rows.ExpectedEvent;
import com.riskpolicy.acceptance.ServiceViews.Account;
import com.riskpolicy.acceptance.ServiceViews.AdlFill;
import com.riskpolicy.acceptance.ServiceViews.AdlQueueEntry;
import com.riskpolicy.acceptance.ServiceViews.ClosedPosition;
import com.riskpolicy.acceptance.ServiceViews.LiquidationEvent;
import com.riskpolicy.acceptance.ServiceViews.Position;
import com.riskpolicy.acceptance.Vocabulary.LiquidationEventType;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import com.riskpolicy.acceptance.Vocabulary.RiskOutcome;
import io.cucumber.java.en.Then;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Liquidation: what a mark price change brought about (forced liquidations of isolated positions and
 * of cross accounts, auto-deleveraging, margin calls), the auto-deleveraging queue and the recorded
 * history.
 *
 * <p>Only this scenario's traders are looked at: an event of another client's account is none of
 * the scenario's business. Auto-deleveraging and its queue take every position on the contract,
 * though, so the scenarios that check them assume no other traffic on that contract: true in
 * {@code mvn verify}, where the scenarios run one after the other and each closes what it opened
 * (see {@link ScenarioCleanup}); against a shared service given by {@code -Dacceptance.baseUrl},
 * another client's positions may stand in the queue and those scenarios may not hold.
 */
public class LiquidationSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    /** Exactly these events, in the order they happened; an empty cell is not checked. */
    @Then("the mark price change(s) bring(s) about:")
    public void bringsAbout(List<ExpectedEvent> expected) {
        assertEvents(expected, state.lastMarkPriceEvents(), null);
    }

    /** As above, and every event names the scenario's Gherkin rule as the rule that decided it. */
    @Then("the mark price change brings about, under this rule:")
    public void bringsAboutUnderThisRule(List<ExpectedEvent> expected) {
        assertEvents(expected, state.lastMarkPriceEvents(), state.documentedRule());
    }

    @Then("the mark price change brings about, under the rule {string}:")
    public void bringsAboutUnderRule(String rule, List<ExpectedEvent> expected) {
        assertEvents(expected, state.lastMarkPriceEvents(), rule);
    }

    /**
     * A liquidated position is gone, having reached the risk ratio; a margin-called or untouched one
     * is still open at that risk ratio, and was liquidated, or called, by nothing else.
     */
    @Then("{trader}'s {symbol} position is {riskOutcome} at a risk ratio of {ratio}")
    public void positionOutcome(String trader, String symbol, RiskOutcome outcome, BigDecimal riskRatio) {
        String accountId = state.accountId(trader);
        Predicate<LiquidationEvent> ofPosition = e -> accountId.equals(e.accountId()) && symbol.equals(e.symbol());
        List<LiquidationEvent> events = state.lastMarkPriceEvents().stream().filter(ofPosition).toList();
        Optional<Position> position = service.account(accountId).position(symbol);
        String what = trader + "'s " + symbol + " position";
        switch (outcome) {
            case LIQUIDATED -> {
                LiquidationEvent liquidation = only(events, LiquidationEventType.ISOLATED_LIQUIDATION, what);
                assertAmount(what + ": risk ratio that liquidated it", riskRatio, liquidation.riskRatio());
                assertTrue(position.isEmpty(), () -> what + " is still open: " + position.get());
            }
            case MARGIN_CALLED -> {
                LiquidationEvent call = only(events, LiquidationEventType.MARGIN_CALL, what);
                assertAmount(what + ": risk ratio of the margin call", riskRatio, call.riskRatio());
                assertOpenAt(what, position, riskRatio);
            }
            case NEITHER -> {
                assertEquals(List.of(), events, what + ": nothing should have happened to it");
                assertOpenAt(what, position, riskRatio);
            }
        }
    }

    /** The same for a whole cross account, at its account risk ratio. */
    @Then("{trader}'s cross account is {riskOutcome} at a risk ratio of {ratio}")
    public void crossAccountOutcome(String trader, RiskOutcome outcome, BigDecimal riskRatio) {
        String accountId = state.accountId(trader);
        List<LiquidationEvent> events = state.lastMarkPriceEvents().stream()
                .filter(e -> accountId.equals(e.accountId()) && e.symbol() == null)
                .toList();
        Account account = service.account(accountId);
        String what = trader + "'s cross account";
        switch (outcome) {
            case LIQUIDATED -> {
                LiquidationEvent liquidation = only(events, LiquidationEventType.ACCOUNT_LIQUIDATION, what);
                assertAmount(what + ": risk ratio that liquidated it", riskRatio, liquidation.riskRatio());
                List<Position> cross = account.positions().stream().filter(p -> p.mode() == MarginMode.CROSS).toList();
                assertEquals(List.of(), cross, what + ": cross positions left open");
            }
            case MARGIN_CALLED -> {
                LiquidationEvent call = only(events, LiquidationEventType.MARGIN_CALL, what);
                assertAmount(what + ": risk ratio of the margin call", riskRatio, call.riskRatio());
                assertAmount(what + ": cross risk ratio", riskRatio, account.crossRiskRatio());
            }
            case NEITHER -> {
                assertEquals(List.of(), events, what + ": nothing should have happened to it");
                assertAmount(what + ": cross risk ratio", riskRatio, account.crossRiskRatio());
            }
        }
    }

    /** The positions auto-deleveraged to cover the trader's liquidation, in the order they were taken. */
    @Then("{trader}'s liquidation was covered by auto-deleveraging these positions, in this order:")
    public void coveredBy(String trader, List<AdlReduction> expected) {
        List<AdlFill> fills = liquidation(trader).adlCounterparties();
        assertEquals(expected.stream().map(AdlReduction::trader).toList(),
                fills.stream().map(fill -> traderOf(fill.accountId())).toList(), "positions auto-deleveraged, in order");
        for (int i = 0; i < expected.size(); i++) {
            AdlReduction row = expected.get(i);
            AdlFill fill = fills.get(i);
            String of = row.trader() + "'s reduction: ";
            check(of + "quantity", row.quantity(), fill.quantity());
            check(of + "price", row.closedAt(), fill.price());
            check(of + "realized PnL", row.realizedPnl(), fill.realizedPnl());
            check(of + "ADL rank", row.rank(), fill.rank());
        }
    }

    @Then("{trader}'s account liquidation closed these cross positions:")
    public void closedCrossPositions(String trader, List<ClosedCrossPosition> expected) {
        LiquidationEvent liquidation = only(eventsOf(trader), LiquidationEventType.ACCOUNT_LIQUIDATION,
                trader + "'s cross account");
        List<ClosedPosition> closed = liquidation.closedPositions();
        assertEquals(expected.stream().map(ClosedCrossPosition::symbol).toList(),
                closed.stream().map(ClosedPosition::symbol).toList(), "cross positions closed");
        for (int i = 0; i < expected.size(); i++) {
            ClosedCrossPosition row = expected.get(i);
            ClosedPosition actual = closed.get(i);
            String of = "closed " + row.symbol() + " position: ";
            if (row.side() != null) {
                assertEquals(row.side(), actual.side(), of + "side");
            }
            check(of + "quantity", row.quantity(), actual.quantity());
            check(of + "price", row.closedAt(), actual.price());
            check(of + "realized PnL", row.realizedPnl(), actual.realizedPnl());
        }
    }

    /** The liquidation says so, for the people who read it. */
    @Then("{trader}'s liquidation notes that the insurance fund went below zero")
    public void notesFundBelowZero(String trader) {
        String note = liquidation(trader).note();
        assertNotNull(note, trader + "'s liquidation has no note");
        assertTrue(note.toLowerCase(Locale.ROOT).contains("below zero"),
                () -> trader + "'s liquidation note does not say the fund went below zero: " + note);
    }

    /**
     * Each side's positions in the order auto-deleveraging would take them, with rank and indicator;
     * only this scenario's traders are listed (the indicator counts every position on the side).
     */
    @Then("the {symbol} auto-deleveraging queue is:")
    public void adlQueue(String symbol, List<AdlQueuePlace> expected) {
        Map<PositionSide, List<AdlQueueEntry>> queue = service.adlQueue(symbol);
        List<AdlQueuePlace> actual = new ArrayList<>();
        for (PositionSide side : PositionSide.values()) {
            for (AdlQueueEntry entry : queue.getOrDefault(side, List.of())) {
                state.trader(entry.accountId()).ifPresent(trader ->
                        actual.add(new AdlQueuePlace(side, trader, entry.rank(), entry.indicator())));
            }
        }
        assertEquals(expected.stream().map(LiquidationSteps::place).toList(),
                actual.stream().map(LiquidationSteps::place).toList(), symbol + " ADL queue (side and trader, in order)");
        for (int i = 0; i < expected.size(); i++) {
            AdlQueuePlace row = expected.get(i);
            AdlQueuePlace place = actual.get(i);
            check(row.trader() + "'s ADL rank", row.rank(), place.rank());
            if (row.indicator() != null) {
                assertEquals(row.indicator(), place.indicator(), row.trader() + "'s ADL indicator");
            }
        }
    }

    /** The account's recorded events, newest first: exactly these. */
    @Then("{trader}'s liquidation history shows, newest first:")
    public void history(String trader, List<ExpectedEvent> expected) {
        assertEvents(expected, service.liquidationHistory(state.accountId(trader)), null);
    }

    @Then("every event in {trader}'s liquidation history names the revision of the rule set that decided it")
    public void historyNamesRevision(String trader) {
        String revision = service.activeRuleSet().revision();
        List<LiquidationEvent> history = service.liquidationHistory(state.accountId(trader));
        assertTrue(!history.isEmpty(), trader + "'s liquidation history is empty");
        history.forEach(event -> assertEquals(revision, event.ruleSetRevision(),
                () -> "rule set revision of " + event.type() + " " + event.eventId()));
    }

    private void assertEvents(List<ExpectedEvent> expected, List<LiquidationEvent> actual, String rule) {
        boolean byTrader = expected.stream().allMatch(row -> row.trader() != null);
        assertEquals(expected.stream().map(row -> summary(row.event(), byTrader ? row.trader() : null)).toList(),
                actual.stream().map(event -> summary(event.type(), byTrader ? traderOf(event.accountId()) : null))
                        .toList(),
                "what happened, in order");
        for (int i = 0; i < expected.size(); i++) {
            ExpectedEvent row = expected.get(i);
            LiquidationEvent event = actual.get(i);
            String of = summary(event.type(), traderOf(event.accountId())) + ": ";
            if (row.symbol() != null) {
                assertEquals(row.symbol(), event.symbol(), of + "symbol");
            }
            if (row.side() != null) {
                assertEquals(row.side(), event.side(), of + "side");
            }
            check(of + "quantity", row.quantity(), event.quantity());
            check(of + "mark price", row.markPrice(), event.markPrice());
            if (row.riskRatio() != null) {
                if (row.riskRatio().isPresent()) {
                    assertAmount(of + "risk ratio", row.riskRatio().get(), event.riskRatio());
                } else {
                    assertNull(event.riskRatio(), of + "risk ratio (unbounded)");
                }
            }
            check(of + "price closed at", row.closedAt(), event.price());
            check(of + "margin forfeited", row.marginForfeited(), event.marginForfeited());
            check(of + "realized PnL", row.realizedPnl(), event.realizedPnl());
            check(of + "insurance fund", row.insuranceFund(), event.insuranceFundDelta());
            String expectedRule = row.rule() != null ? row.rule() : rule;
            if (expectedRule != null) {
                assertEquals(expectedRule, event.rule(), of + "deciding rule");
            }
        }
    }

    /** "isolated liquidation of alice": what lists of events are compared by first. */
    private static String summary(LiquidationEventType type, String trader) {
        return type + (trader == null ? "" : " of " + trader);
    }

    private static String place(AdlQueuePlace place) {
        return place.side().name().toLowerCase(Locale.ROOT) + " " + place.trader();
    }

    /** The trader's liquidation in the latest mark price change: of a position or of the cross account. */
    private LiquidationEvent liquidation(String trader) {
        List<LiquidationEvent> liquidations = eventsOf(trader).stream()
                .filter(e -> e.type() == LiquidationEventType.ISOLATED_LIQUIDATION
                        || e.type() == LiquidationEventType.ACCOUNT_LIQUIDATION)
                .toList();
        assertEquals(1, liquidations.size(), () -> trader + "'s liquidations: " + liquidations);
        return liquidations.get(0);
    }

    private List<LiquidationEvent> eventsOf(String trader) {
        String accountId = state.accountId(trader);
        return state.lastMarkPriceEvents().stream().filter(e -> accountId.equals(e.accountId())).toList();
    }

    private String traderOf(String accountId) {
        return state.trader(accountId).orElse(Objects.toString(accountId));
    }

    private static LiquidationEvent only(List<LiquidationEvent> events, LiquidationEventType type, String what) {
        List<LiquidationEvent> matching = events.stream().filter(e -> e.type() == type).toList();
        if (matching.size() != 1 || events.size() != 1) {
            fail("expected one " + type + " of " + what + " and nothing else, but the mark price change brought about "
                    + events);
        }
        return matching.get(0);
    }

    private static void assertOpenAt(String what, Optional<Position> position, BigDecimal riskRatio) {
        assertTrue(position.isPresent(), () -> what + " was closed");
        assertAmount(what + ": risk ratio", riskRatio, position.get().riskRatio());
    }

    /** An expectation left empty is not checked. */
    private static void check(String what, BigDecimal expected, BigDecimal actual) {
        if (expected != null) {
            assertAmount(what, expected, actual);
        }
    }
}
