package com.riskpolicy.console;

import static com.riskpolicy.domain.Display.money;
import static com.riskpolicy.domain.Display.plain;

import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.domain.RiskCatalog;
import com.riskpolicy.ledger.AdlQueues;
import com.riskpolicy.ledger.InsuranceFund;
import com.riskpolicy.ledger.LiquidationEvents;
import com.riskpolicy.liquidation.AdlRanking;
import com.riskpolicy.liquidation.LiquidationEvent;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's liquidations page: what mark-price ticks did (liquidations, ADL fills, margin
 * calls) with the rule that decided each, the ADL queue of one contract, and the insurance fund with
 * its movements: deposits and withdrawals as recorded, and what liquidations paid in or took out,
 * from their events.
 */
@Path("/console/liquidations")
@Produces(MediaType.TEXT_HTML)
public class LiquidationPages {

    /** Events and fund movements shown, newest first; the API pages further back. */
    static final int SHOWN = 100;

    @Inject
    LiquidationEvents events;
    @Inject
    AdlQueues adlQueues;
    @Inject
    InsuranceFund fund;
    @Inject
    RuleEngine engine;
    @Inject
    @Location("console/liquidations.html")
    Template page;
    @Context
    SecurityContext security;

    /** One liquidation, ADL fill or margin call. {@code adl}: the positions auto-deleveraging reduced. */
    @TemplateData
    public record EventRow(Instant at, String type, String accountId, String symbol, String side, String quantity,
                           String riskRatio, String markPrice, String price, String insuranceFundDelta, String adl,
                           String rule, String note) {
    }

    /** The ADL queue of the chosen contract, each side in the order auto-deleveraging would take it. */
    @TemplateData
    public record AdlQueue(String symbol, List<String> symbols, Map<String, List<AdlRow>> sides, String error) {
    }

    /** One position in an ADL queue: {@code indicator} 1 to 5, 5 first in line, shown as lit lights. */
    @TemplateData
    public record AdlRow(int place, String accountId, String rank, int indicator, String lights) {
    }

    /** One movement of the insurance fund: a deposit, a withdrawal, or what a liquidation paid in or took out. */
    @TemplateData
    public record FundMovement(Instant at, String currency, String kind, String amount, String balanceAfter, String by) {
    }

    @GET
    @Operation(summary = "The console's liquidations page (HTML): events with their rules, an ADL queue, the insurance fund")
    public TemplateInstance liquidations(@QueryParam("symbol") String symbol) {
        RuleSet rules = engine.active();
        List<LiquidationEvent> latest = events.list(null, null, null, SHOWN);
        List<EventRow> rows = latest.stream().map(LiquidationPages::row).toList();
        Map<String, String> balances = new TreeMap<>();
        fund.balances().forEach((currency, balance) -> balances.put(currency, money(balance)));
        return ConsolePage.of(page, "liquidations", security)
                .data("events", rows).data("capped", latest.size() == SHOWN).data("shown", SHOWN)
                .data("adl", adlQueue(rules, symbol))
                .data("fund", balances).data("movements", fundMovements(rules.catalog()));
    }

    private static EventRow row(LiquidationEvent e) {
        String adl = e.adlCounterparties().stream()
                .map(fill -> fill.accountId() + " " + plain(fill.quantity()) + " at " + money(fill.price()))
                .collect(Collectors.joining("; "));
        return new EventRow(e.at(), e.type().name(), e.accountId(), e.symbol(), e.side() == null ? null : e.side().name(),
                plain(e.quantity()), money(e.riskRatio()), money(e.markPrice()), money(e.price()),
                money(e.insuranceFundDelta()), adl, e.rule(), e.note());
    }

    /**
     * The queue of {@code symbol}; left out, of the first contract with a position in its queue (the
     * first contract when none has one). A symbol the rule set does not list is named, not an error page.
     */
    private AdlQueue adlQueue(RuleSet rules, String symbol) {
        List<String> symbols = List.copyOf(rules.catalog().contracts().keySet());
        if (symbol != null && !symbol.isBlank()) {
            String chosen = symbol.strip();
            if (!symbols.contains(chosen)) {
                return new AdlQueue(chosen, symbols, Map.of(), "symbol: '" + chosen + "' is none of " + symbols);
            }
            return new AdlQueue(chosen, symbols, sides(adlQueues.of(rules, chosen)), null);
        }
        for (String listed : symbols) {
            Map<PositionSide, List<AdlRanking.Placed>> queue = adlQueues.of(rules, listed);
            if (queue.values().stream().anyMatch(side -> !side.isEmpty())) {
                return new AdlQueue(listed, symbols, sides(queue), null);
            }
        }
        return new AdlQueue(symbols.get(0), symbols, sides(adlQueues.of(rules, symbols.get(0))), null);
    }

    private static Map<String, List<AdlRow>> sides(Map<PositionSide, List<AdlRanking.Placed>> queue) {
        Map<String, List<AdlRow>> out = new TreeMap<>();
        queue.forEach((side, placed) -> {
            List<AdlRow> rows = new ArrayList<>(placed.size());
            for (int i = 0; i < placed.size(); i++) {
                AdlRanking.Placed p = placed.get(i);
                rows.add(new AdlRow(i + 1, p.accountId(), money(p.rank()), p.indicator(),
                        "●".repeat(p.indicator()) + "○".repeat(AdlRanking.INDICATOR_LEVELS - p.indicator())));
            }
            out.put(side.name(), rows);
        });
        return out;
    }

    /**
     * Deposits and withdrawals as recorded with the balance they left, and liquidations' payments in
     * and out from their events (in the settlement currency of their contract; an account
     * liquidation's in the valuation currency), merged newest first.
     */
    private List<FundMovement> fundMovements(RiskCatalog catalog) {
        List<FundMovement> out = new ArrayList<>();
        fund.transfers(SHOWN).forEach(t -> out.add(new FundMovement(t.at(), t.currency(),
                t.amount().signum() > 0 ? "deposit" : "withdrawal", money(t.amount()), money(t.balanceAfter()), t.by())));
        events.fundMovements(SHOWN).forEach(e -> {
            BigDecimal delta = e.insuranceFundDelta();
            String currency = e.symbol() == null ? catalog.valuationCurrency()
                    : catalog.contract(e.symbol()).map(c -> c.settlementCurrency()).orElse(catalog.valuationCurrency());
            String kind = (delta.signum() > 0 ? "received from " : "paid for ") + e.type().name() + " of " + e.accountId()
                    + (e.symbol() == null ? "" : " " + e.symbol());
            out.add(new FundMovement(e.at(), currency, kind, money(delta), null, "mark-price tick"));
        });
        out.sort(Comparator.comparing(FundMovement::at).reversed());
        return out.size() > SHOWN ? out.subList(0, SHOWN) : out;
    }
}
