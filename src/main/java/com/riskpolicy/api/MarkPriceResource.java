package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.SetMarkPrice;
import com.riskpolicy.api.ApiViews.MarkPriceView;
import com.riskpolicy.api.ApiViews.LiquidationEventView;
import com.riskpolicy.ledger.MarkPriceTicks;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Mark prices: every risk figure uses them. */
@Path("/v1/mark-prices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Market")
public class MarkPriceResource {

    @Inject
    PolicyContext context;
    @Inject
    MarkPriceTicks ticks;

    @PUT
    @Path("{symbol}")
    @Operation(summary = "Record a contract's mark price and carry out the liquidations, ADL and margin calls it causes")
    public MarkPriceView set(@PathParam("symbol") String symbol, @Valid @NotNull SetMarkPrice body) {
        String listed = context.pathSymbol(symbol);
        MarkPriceTicks.Tick tick = ticks.tick(context.rules(), listed, body.price());
        return new MarkPriceView(listed, ApiViews.amount(tick.markPrice()), LiquidationEventView.of(tick.events()));
    }
}
