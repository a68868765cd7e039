package com.riskpolicy.api;

import com.riskpolicy.api.ApiViews.ContractView;
import com.riskpolicy.ledger.MarkPriceBook;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The contracts of the active rule set, with their risk-limit tiers and mark prices. */
@Path("/v1/contracts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Market")
public class ContractResource {

    @Inject
    PolicyContext context;
    @Inject
    MarkPriceBook markPrices;

    @GET
    @Operation(summary = "All contracts")
    public List<ContractView> all() {
        return context.catalog().contracts().values().stream()
                .map(c -> ContractView.of(c, markPrices.price(c.symbol()).orElse(null)))
                .toList();
    }

    @GET
    @Path("{symbol}")
    @Operation(summary = "One contract")
    public ContractView one(@PathParam("symbol") String symbol) {
        String listed = context.pathSymbol(symbol);
        return ContractView.of(context.catalog().requireContract(listed), markPrices.price(listed).orElse(null));
    }
}
