package com.riskpolicy.acceptance;

import static com.riskpolicy.acceptance.Amounts.assertAmount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.riskpolicy.acceptance.Rows.Holding;
import com.riskpolicy.acceptance.Rows.PositionFigures;
import com.riskpolicy.acceptance.ServiceViews.Account;
import com.riskpolicy.acceptance.ServiceViews.Decision;
import com.riskpolicy.acceptance.ServiceViews.Position;
import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Positions: fills that open or add to them, closing them, and what they hold. */
public class PositionSteps {

    @Inject
    RiskPolicyService service;
    @Inject
    ScenarioState state;

    @Given("{trader} holds a {side} position of {amount} {symbol} at {amount} with {leverage} leverage")
    public void holds(String trader, PositionSide side, BigDecimal quantity, String symbol, BigDecimal price,
                      BigDecimal leverage) {
        Decision decision = service.openPosition(state.accountId(trader), symbol, side, quantity, price, leverage);
        assertTrue(decision.allowed(), () -> "the position could not be opened: " + decision);
    }

    /** Several traders on one contract, each with an account of its own and the contract in Isolated margin. */
    @Given("these traders, each with {amount} USDT in the cross wallet, hold isolated {symbol} positions:")
    public void tradersHoldIsolated(BigDecimal wallet, String symbol, List<Holding> holdings) {
        for (Holding holding : holdings) {
            String accountId = state.accountId(holding.trader());
            service.createAccount(accountId, Map.of(AccountSteps.SETTLEMENT_CURRENCY, wallet));
            Decision isolated = service.switchMarginMode(accountId, symbol, MarginMode.ISOLATED);
            assertTrue(isolated.allowed(), () -> "choosing Isolated for " + symbol + " was denied: " + isolated);
            holds(holding.trader(), holding.side(), holding.quantity(), symbol, holding.price(), holding.leverage());
        }
    }

    @When("{trader} opens a {side} position of {amount} {symbol} at {amount} with {leverage} leverage")
    public void opens(String trader, PositionSide side, BigDecimal quantity, String symbol, BigDecimal price,
                      BigDecimal leverage) {
        state.decided(service.openPosition(state.accountId(trader), symbol, side, quantity, price, leverage));
    }

    @When("{trader} opens a {side} position of {amount} {symbol} at {amount} without choosing a leverage")
    public void opensAtTheDefaultLeverage(String trader, PositionSide side, BigDecimal quantity, String symbol,
                                          BigDecimal price) {
        state.decided(service.openPosition(state.accountId(trader), symbol, side, quantity, price, null));
    }

    @When("{trader} closes the {symbol} position")
    public void closes(String trader, String symbol) {
        service.closePosition(state.accountId(trader), symbol);
    }

    @Then("{trader}'s {symbol} position is:")
    public void positionIs(String trader, String symbol, List<PositionFigures> rows) {
        assertEquals(1, rows.size(), "one row of figures per position");
        assertPosition(position(trader, symbol), rows.get(0));
    }

    @Then("{trader}'s positions are:")
    public void positionsAre(String trader, List<PositionFigures> rows) {
        Account account = service.account(state.accountId(trader));
        Set<String> expected = rows.stream().map(PositionFigures::symbol).collect(Collectors.toSet());
        Set<String> held = account.positions().stream().map(Position::symbol).collect(Collectors.toSet());
        assertEquals(expected, held, "contracts with a position");
        assertEquals(rows.size(), account.positions().size(), "one position per contract");
        rows.forEach(row -> assertPosition(account.position(row.symbol()).orElseThrow(), row));
    }

    @Then("{trader}'s {symbol} position is held in {mode} margin")
    public void positionHeldIn(String trader, String symbol, MarginMode mode) {
        assertEquals(mode, position(trader, symbol).mode(), symbol + " position's margin mode");
    }

    @Then("{trader} holds no {symbol} position")
    public void holdsNoPosition(String trader, String symbol) {
        assertTrue(service.account(state.accountId(trader)).position(symbol).isEmpty(),
                () -> "expected no " + symbol + " position");
    }

    private Position position(String trader, String symbol) {
        return service.account(state.accountId(trader)).position(symbol)
                .orElseThrow(() -> new AssertionError(trader + " holds no " + symbol + " position"));
    }

    private static void assertPosition(Position actual, PositionFigures expected) {
        String of = actual.symbol() + " position's ";
        if (expected.mode() != null) {
            assertEquals(expected.mode(), actual.mode(), of + "margin mode");
        }
        if (expected.side() != null) {
            assertEquals(expected.side(), actual.side(), of + "side");
        }
        if (expected.quantity() != null) {
            assertAmount(of + "quantity", expected.quantity(), actual.quantity());
        }
        if (expected.entryPrice() != null) {
            assertAmount(of + "entry price", expected.entryPrice(), actual.entryPrice());
        }
        if (expected.leverage() != null) {
            assertAmount(of + "leverage", expected.leverage(), actual.leverage());
        }
        if (expected.isolatedMargin() != null) {
            if (expected.isolatedMargin().isPresent()) {
                assertAmount(of + "isolated margin", expected.isolatedMargin().get(), actual.isolatedMargin());
            } else {
                assertNull(actual.isolatedMargin(), of + "isolated margin");
            }
        }
        if (expected.positionValue() != null) {
            assertAmount(of + "position value", expected.positionValue(), actual.positionValue());
        }
        if (expected.unrealizedPnl() != null) {
            assertAmount(of + "unrealized PnL", expected.unrealizedPnl(), actual.unrealizedPnl());
        }
        if (expected.marginBalance() != null) {
            assertAmount(of + "margin balance", expected.marginBalance(), actual.marginBalance());
        }
        if (expected.riskRatio() != null) {
            assertAmount(of + "risk ratio", expected.riskRatio(), actual.riskRatio());
        }
        if (expected.liquidationPrice() != null) {
            assertAmount(of + "liquidation price", expected.liquidationPrice(), actual.liquidationPrice());
        }
    }
}
