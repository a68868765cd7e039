package com.riskpolicy.api;

import com.riskpolicy.access.Caller;
import com.riskpolicy.api.ApiRequests.FundTransfer;
import com.riskpolicy.api.ApiViews.AdlQueueEntryView;
import com.riskpolicy.api.ApiViews.FundTransferView;
import com.riskpolicy.api.ApiViews.LiquidationEventView;
import com.riskpolicy.domain.LiquidationType;
import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.ledger.AdlQueues;
import com.riskpolicy.ledger.InsuranceFund;
import com.riskpolicy.ledger.LiquidationEvents;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What mark-price ticks did: liquidation events, the ADL queue and the insurance fund. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Liquidation")
public class LiquidationResource {

    @Inject
    PolicyContext context;
    @Inject
    LiquidationEvents events;
    @Inject
    AdlQueues adlQueues;
    @Inject
    InsuranceFund fund;
    @Context
    SecurityContext security;

    @GET
    @Path("liquidations")
    @Operation(summary = "Persisted liquidation, ADL and margin-call events, newest first")
    public List<LiquidationEventView> events(@QueryParam("accountId") String accountId,
                                             @QueryParam("symbol") String symbol,
                                             @QueryParam("type") LiquidationType type,
                                             @QueryParam("limit") @DefaultValue("100")
                                             @Min(value = 1, message = QueryParameters.LIMIT)
                                             @Max(value = 1000, message = QueryParameters.LIMIT) int limit) {
        if (symbol != null) {
            context.querySymbol("symbol", symbol);
        }
        return LiquidationEventView.of(events.list(accountId, symbol, type, limit));
    }

    @GET
    @Path("adl-queue/{symbol}")
    @Operation(summary = "Each side's positions in the order auto-deleveraging would take them, with rank and indicator (5 = first)")
    public Map<PositionSide, List<AdlQueueEntryView>> adlQueue(@PathParam("symbol") String symbol) {
        String listed = context.pathSymbol(symbol);
        Map<PositionSide, List<AdlQueueEntryView>> out = new LinkedHashMap<>();
        adlQueues.of(context.rules(), listed).forEach((side, queue) ->
                out.put(side, queue.stream().map(AdlQueueEntryView::of).toList()));
        return out;
    }

    @GET
    @Path("insurance-fund")
    @Operation(summary = "The insurance fund's balance per settlement currency")
    public Map<String, String> insuranceFund() {
        return ApiViews.amounts(fund.balances());
    }

    @GET
    @Path("insurance-fund/transfers")
    @Operation(summary = "The insurance fund's deposits and withdrawals, newest first: amount (negative taken out),"
            + " the balance it left, who made it and when (what liquidations paid in or out is on their events)")
    public List<FundTransferView> transfers(@QueryParam("limit") @DefaultValue("100")
                                            @Min(value = 1, message = QueryParameters.LIMIT)
                                            @Max(value = 1000, message = QueryParameters.LIMIT) int limit) {
        return fund.transfers(limit).stream().map(FundTransferView::of).toList();
    }

    @POST
    @Path("insurance-fund/{currency}/deposits")
    @Operation(summary = "Pay into the insurance fund")
    public Map<String, String> deposit(@PathParam("currency") String currency, @Valid @NotNull FundTransfer body) {
        return ApiViews.amounts(fund.transfer(context.settlementCurrency(currency), body.amount(), Caller.of(security)));
    }

    @POST
    @Path("insurance-fund/{currency}/withdrawals")
    @Operation(summary = "Take from the insurance fund; never below zero")
    public Map<String, String> withdraw(@PathParam("currency") String currency, @Valid @NotNull FundTransfer body) {
        return ApiViews.amounts(fund.transfer(context.settlementCurrency(currency), body.amount().negate(), Caller.of(security)));
    }
}
