package com.riskpolicy.console;

import static com.riskpolicy.console.ConsoleForms.choice;
import static com.riskpolicy.console.ConsoleForms.names;
import static com.riskpolicy.console.ConsoleForms.text;
import static com.riskpolicy.domain.Display.plain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.riskpolicy.api.ApiRequests.AccountFact;
import com.riskpolicy.api.ApiRequests.Facts;
import com.riskpolicy.api.ApiRequests.PositionFact;
import com.riskpolicy.api.ApiRequests.StatelessDecision;
import com.riskpolicy.api.InvalidInputException;
import com.riskpolicy.api.PolicyContext;
import com.riskpolicy.api.StatelessFacts;
import com.riskpolicy.decision.Decided;
import com.riskpolicy.decision.Decision;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.DecisionView.PreviewView;
import com.riskpolicy.decision.PolicyService;
import com.riskpolicy.decision.PositionRiskView;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Contract;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.Money;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import com.riskpolicy.ledger.AccountNotFoundException;
import com.riskpolicy.ledger.LedgerService;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's what-if page: one position, picked from the ledger or entered, its risk ratio plotted
 * against the mark price with the liquidation and margin-call prices, entry, mark and tier
 * boundaries; sliders ask {@code POST /console/what-if/decision} what adding or removing margin or
 * changing the leverage would do. That endpoint reads the body of {@code POST /v1/decisions} the same
 * way ({@link StatelessFacts}) and decides with the same code ({@link PolicyService#decideWith}) under
 * the rule set in force, but tells no observer: a what-if is not an action, so it is neither logged
 * nor counted (the overview's deny rates stay those of real requests). Auditors may ask it too.
 */
@Path("/console/what-if")
public class WhatIfPages {

    /** The example a first visit shows: E4 of docs/margin-policy.md §5, with 5,000 in the cross wallet. */
    private static final Entered EXAMPLE = new Entered("", "BTCUSDT", "LONG", "1", "20000", "20", "ISOLATED", "1000", "5000",
            "20000");
    /** The account id the facts of an entered position carry. */
    private static final String ENTERED_ACCOUNT = "what-if";
    /** A margin slider moves in steps of about this share of its range. */
    private static final int SLIDER_STEPS = 100;

    @Inject
    LedgerService ledger;
    @Inject
    PolicyContext context;
    @Inject
    Validator validator;
    @Inject
    ObjectMapper json;
    @Inject
    @Location("console/what-if.html")
    Template page;
    @Context
    SecurityContext security;

    /** The position as the form shows it: from the ledger, as entered, or the example. */
    @TemplateData
    public record Entered(String accountId, String symbol, String side, String quantity, String entryPrice, String leverage,
                          String mode, String isolatedMargin, String balance, String markPrice) {
    }

    /** A slider's range and step, as decimal strings. */
    @TemplateData
    public record Slider(String max, String step) {
    }

    /** What the page shows; {@code data} is the JSON the page's script starts from (facts, position, curve). */
    @TemplateData
    public record View(Entered entered, List<String> errors, List<String> symbols, List<String> sides, List<String> modes,
                       PositionRiskView position, RiskCurve curve, String data, Slider addMargin, Slider removeMargin,
                       Slider leverage, boolean isolated) {
    }

    /** The answer to the page's script: the decision, its violations and preview, and the curve after it. */
    public record WhatIf(Action action, Outcome decision, List<Violation> violations, List<Warning> warnings,
                         PreviewView preview, String ruleSetRevision, RiskCurve curve) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The console's what-if page (HTML): a position's risk ratio against the mark price")
    public Response page(@QueryParam("accountId") String accountId, @QueryParam("symbol") String symbol,
                         @QueryParam("side") String side, @QueryParam("quantity") String quantity,
                         @QueryParam("entryPrice") String entryPrice, @QueryParam("leverage") String leverage,
                         @QueryParam("mode") String mode, @QueryParam("isolatedMargin") String isolatedMargin,
                         @QueryParam("balance") String balance, @QueryParam("markPrice") String markPrice) {
        RuleSet rules = context.rules();
        List<String> errors = new ArrayList<>();
        Entered entered;
        AccountSnapshot account = null;
        int status = 200;
        if (accountId != null && !accountId.isBlank()) {
            entered = new Entered(accountId.strip(), text(symbol), "", "", "", "", "", "", "", "");
            try {
                account = ledger.account(accountId.strip());
                if (account.position(entered.symbol()).isEmpty()) {
                    errors.add("symbol: account " + entered.accountId() + " holds no position in '" + entered.symbol() + "'");
                    status = 404;
                    account = null;
                } else {
                    entered = entered(account, entered.symbol(), rules);
                }
            } catch (AccountNotFoundException e) {
                errors.add("accountId: no account '" + entered.accountId() + "'");
                status = 404;
            }
        } else if (quantity != null) {
            entered = new Entered("", text(symbol), text(side), text(quantity), text(entryPrice), text(leverage), text(mode),
                    text(isolatedMargin), text(balance), text(markPrice));
            account = account(entered, rules, errors);
        } else {
            entered = EXAMPLE;
            account = account(entered, rules, errors);
        }
        return Response.status(status).entity(ConsolePage.of(page, "what-if", security)
                .data("view", view(entered, errors, rules, account))).build();
    }

    @POST
    @Path("decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What an action would decide on the facts given (the body of POST /v1/decisions), with the"
            + " position's risk curve after it; neither logged nor counted")
    public WhatIf decide(@Valid @NotNull StatelessDecision body) {
        StatelessFacts facts = new StatelessFacts(context);
        ActionRequest request = facts.request(body.action(), body.params());
        AccountSnapshot before = facts.account(body.facts(), request.symbol());
        RuleSet rules = context.rules();
        Decided decided = PolicyService.decideWith(rules, before, request);
        MarginMath math = rules.math();
        List<BigDecimal> ofNote = new ArrayList<>(RiskCurve.pricesOfNote(math, before, request.symbol()));
        ofNote.addAll(RiskCurve.pricesOfNote(math, decided.after(), request.symbol()));
        Decision decision = decided.decision();
        return new WhatIf(decision.action(), decision.decision(), decision.violations(), decision.warnings(),
                DecisionView.of(decision).preview(), decision.ruleSetRevision(),
                RiskCurve.of(math, decided.after(), request.symbol(), ofNote).orElse(null));
    }

    /** The account the form describes, through the facts of a stateless decision; null with errors named. */
    private AccountSnapshot account(Entered entered, RuleSet rules, List<String> errors) {
        PositionSide side = choice(PositionSide.class, "side", entered.side(), errors);
        MarginMode mode = choice(MarginMode.class, "mode", entered.mode(), errors);
        BigDecimal quantity = decimal("quantity", entered.quantity(), errors);
        BigDecimal entryPrice = decimal("entryPrice", entered.entryPrice(), errors);
        BigDecimal leverage = decimal("leverage", entered.leverage(), errors);
        BigDecimal margin = mode == MarginMode.CROSS ? null : decimal("isolatedMargin", entered.isolatedMargin(), errors);
        BigDecimal balance = decimal("balance", entered.balance(), errors);
        BigDecimal mark = decimal("markPrice", entered.markPrice(), errors);
        Optional<Contract> contract = rules.catalog().contract(entered.symbol());
        if (contract.isEmpty()) {
            errors.add("symbol: '" + entered.symbol() + "' is none of " + symbols(rules));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        Facts facts = new Facts(new AccountFact(ENTERED_ACCOUNT, Map.of(contract.get().settlementCurrency(), balance)),
                Map.of(entered.symbol(), mode), Map.of(),
                List.of(new PositionFact(entered.symbol(), side, quantity, entryPrice, leverage, mode, margin)), List.of(),
                Map.of(entered.symbol(), mark));
        for (ConstraintViolation<Facts> violation : validator.validate(facts)) {
            errors.add(field(violation.getPropertyPath().toString()) + ": " + violation.getMessage());
        }
        if (!errors.isEmpty()) {
            return null;
        }
        try {
            return new StatelessFacts(context).account(facts, entered.symbol());
        } catch (InvalidInputException e) {
            e.errors().forEach(error -> errors.add(field(error.field()) + ": " + error.message()));
            return null;
        }
    }

    /** The form's field behind a property of the facts ({@code positions[0].quantity} is quantity). */
    private static String field(String property) {
        if (property.contains("balances")) {
            return "balance";
        }
        if (property.contains("markPrices")) {
            return "markPrice";
        }
        String leaf = property.substring(property.lastIndexOf('.') + 1);
        return leaf.isEmpty() ? property : leaf;
    }

    /** The form filled from the ledger's account, its position in {@code symbol}. */
    private static Entered entered(AccountSnapshot account, String symbol, RuleSet rules) {
        Position position = account.position(symbol).orElseThrow();
        String currency = rules.catalog().requireContract(symbol).settlementCurrency();
        return new Entered(account.accountId(), symbol, position.side().name(), plain(position.quantity()),
                plain(position.entryPrice()), plain(position.leverage()), position.mode().name(),
                position.isIsolated() ? plain(position.isolatedMargin()) : "", plain(account.balance(currency)),
                plain(MarginMath.markPrice(account, position)));
    }

    /** The page of {@code account}'s position in the form's symbol; the form alone, with its errors, without one. */
    private View view(Entered entered, List<String> errors, RuleSet rules, AccountSnapshot account) {
        List<String> sides = names(PositionSide.values());
        List<String> modes = names(MarginMode.values());
        if (account == null) {
            return new View(entered, errors, symbols(rules), sides, modes, null, null, null, null, null, null, false);
        }
        MarginMath math = rules.math();
        String symbol = entered.symbol();
        Position position = account.position(symbol).orElseThrow();
        PositionRiskView risk = PositionRiskView.of(math.positionRisk(account, symbol).orElseThrow());
        RiskCurve curve = RiskCurve.of(math, account, symbol, RiskCurve.pricesOfNote(math, account, symbol)).orElseThrow();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("symbol", symbol);
        data.put("facts", AccountFacts.of(account, symbol));
        data.put("position", risk);
        data.put("curve", curve);
        Contract contract = rules.catalog().requireContract(symbol);
        BigDecimal removable = position.isIsolated() ? position.isolatedMargin() : BigDecimal.ZERO;
        BigDecimal addable = Money.max(math.transferable(account), removable);
        return new View(entered, errors, symbols(rules), sides, modes, risk, curve, json(data), slider(addable),
                slider(removable), new Slider(plain(contract.tiers().get(0).maxLeverage()), "1"), position.isIsolated());
    }

    /** A slider from 0 to {@code max} in round steps of about a hundredth of it. */
    private static Slider slider(BigDecimal max) {
        if (max.signum() <= 0) {
            return new Slider("0", "1");
        }
        BigDecimal rough = Money.divide(max, BigDecimal.valueOf(SLIDER_STEPS));
        BigDecimal step = BigDecimal.ONE.movePointRight(rough.precision() - rough.scale() - 1);
        return new Slider(plain(max), plain(step));
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the what-if page's data cannot be written as JSON", e);
        }
    }

    private static BigDecimal decimal(String field, String text, List<String> errors) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            errors.add(field + ": '" + text + "' is not a decimal number such as 20000.5");
            return null;
        }
    }

    private static List<String> symbols(RuleSet rules) {
        return List.copyOf(rules.catalog().contracts().keySet());
    }

}
