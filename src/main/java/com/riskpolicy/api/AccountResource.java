package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.AdjustMargin;
import com.riskpolicy.api.ApiRequests.CreateAccount;
import com.riskpolicy.api.ApiRequests.Deposit;
import com.riskpolicy.api.ApiRequests.OpenPosition;
import com.riskpolicy.api.ApiRequests.PlaceOrder;
import com.riskpolicy.api.ApiRequests.SetLeverage;
import com.riskpolicy.api.ApiRequests.SetMarginMode;
import com.riskpolicy.api.ApiViews.AccountAfterClose;
import com.riskpolicy.api.ApiViews.AccountView;
import com.riskpolicy.api.ApiViews.ClosedView;
import com.riskpolicy.api.ApiViews.DecisionWithAccount;
import com.riskpolicy.api.ApiViews.DecisionWithOrder;
import com.riskpolicy.api.ApiViews.DecisionWithPosition;
import com.riskpolicy.api.ApiViews.OrderView;
import com.riskpolicy.decision.Decided;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decision.PositionRiskView;
import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.Order;
import com.riskpolicy.ledger.LedgerService;
import com.riskpolicy.ledger.PositionClose;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The embedded ledger's accounts: every action is decided by the rules, then applied atomically. */
@Path("/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Ledger")
public class AccountResource {

    @Inject
    LedgerService ledger;
    @Inject
    PolicyContext context;

    @POST
    @Operation(summary = "Create an account with an initial cross wallet")
    public Response create(@Valid @NotNull CreateAccount body) {
        context.collateralCurrencies("balances", body.balances());
        AccountSnapshot account = ledger.createAccount(body.accountId(),
                body.balances() == null ? Map.of() : body.balances());
        return Response.created(URI.create("/v1/accounts/" + account.accountId())).entity(context.view(account)).build();
    }

    @GET
    @Path("{accountId}")
    @Operation(summary = "The account with its cross figures, positions and orders")
    public AccountView get(@PathParam("accountId") String accountId) {
        return context.view(ledger.account(accountId));
    }

    @POST
    @Path("{accountId}/deposits")
    @Operation(summary = "Credit the cross wallet")
    public AccountView deposit(@PathParam("accountId") String accountId, @Valid @NotNull Deposit body) {
        context.collateralCurrency("currency", body.currency());
        return context.view(ledger.deposit(accountId, body.currency(), body.amount()));
    }

    @PUT
    @Path("{accountId}/margin-modes/{symbol}")
    @Operation(summary = "Switch a contract's margin mode (422 with the decision when denied)")
    public DecisionWithAccount setMarginMode(@PathParam("accountId") String accountId,
                                             @PathParam("symbol") String symbol, @Valid @NotNull SetMarginMode body) {
        Decided decided = ledger.act(context.rules(), accountId,
                new ActionRequest.SwitchMarginMode(context.pathSymbol(symbol), body.mode()));
        return new DecisionWithAccount(DecisionView.of(decided.decision()), context.view(decided.after()));
    }

    @PUT
    @Path("{accountId}/leverages/{symbol}")
    @Operation(summary = "Change a contract's leverage, and its position's (422 with the decision when denied)")
    public DecisionWithAccount setLeverage(@PathParam("accountId") String accountId,
                                           @PathParam("symbol") String symbol, @Valid @NotNull SetLeverage body) {
        Decided decided = ledger.act(context.rules(), accountId,
                new ActionRequest.AdjustLeverage(context.pathSymbol(symbol), body.leverage()));
        return new DecisionWithAccount(DecisionView.of(decided.decision()), context.view(decided.after()));
    }

    @POST
    @Path("{accountId}/orders")
    @Operation(summary = "Place an order; it reserves its margin until cancelled (422 when denied)")
    public Response placeOrder(@PathParam("accountId") String accountId, @Valid @NotNull PlaceOrder body) {
        context.bodySymbol("symbol", body.symbol());
        Decided decided = ledger.act(context.rules(), accountId, new ActionRequest.OpenPosition(Action.PLACE_ORDER, body.symbol(),
                body.side().opens(), body.quantity(), body.price(), body.leverage()));
        // the decision's state after appends the new order to the account's orders
        Order placed = decided.after().orders().get(decided.after().orders().size() - 1);
        return Response.status(Response.Status.CREATED)
                .entity(new DecisionWithOrder(DecisionView.of(decided.decision()), OrderView.of(placed))).build();
    }

    @DELETE
    @Path("{accountId}/orders/{orderId}")
    @Operation(summary = "Cancel an open order, releasing its reserved margin")
    public Response cancelOrder(@PathParam("accountId") String accountId, @PathParam("orderId") String orderId) {
        ledger.cancelOrder(accountId, orderId);
        return Response.noContent().build();
    }

    @POST
    @Path("{accountId}/positions")
    @Operation(summary = "Record a fill that opens or adds to a position (422 when denied)")
    public Response openPosition(@PathParam("accountId") String accountId, @Valid @NotNull OpenPosition body) {
        context.bodySymbol("symbol", body.symbol());
        Decided decided = ledger.act(context.rules(), accountId, new ActionRequest.OpenPosition(Action.OPEN_POSITION, body.symbol(),
                body.side(), body.quantity(), body.price(), body.leverage()));
        PositionRiskView position = PositionRiskView.of(decided.decision().preview().after());
        return Response.status(Response.Status.CREATED)
                .entity(new DecisionWithPosition(DecisionView.of(decided.decision()), position)).build();
    }

    @POST
    @Path("{accountId}/positions/{symbol}/margin")
    @Operation(summary = "Add margin to or remove margin from an isolated position (422 with the decision when denied)")
    public DecisionWithPosition adjustMargin(@PathParam("accountId") String accountId,
                                             @PathParam("symbol") String symbol, @Valid @NotNull AdjustMargin body) {
        if (body.currency() != null) {
            context.knownCurrency("currency", body.currency());
        }
        Decided decided = ledger.act(context.rules(), accountId, new ActionRequest.AdjustMargin(body.type().action(),
                context.pathSymbol(symbol), body.amount(), body.currency()));
        return new DecisionWithPosition(DecisionView.of(decided.decision()),
                PositionRiskView.of(decided.decision().preview().after()));
    }

    @DELETE
    @Path("{accountId}/positions/{symbol}")
    @Operation(summary = "Close the position at the mark price; PnL and isolated margin return to the cross wallet."
            + " The account after it, with the close (closedPosition: realized PnL, what the cross wallet was credited)")
    public AccountAfterClose closePosition(@PathParam("accountId") String accountId, @PathParam("symbol") String symbol) {
        PositionClose close = ledger.closePosition(context.rules(), accountId, context.pathSymbol(symbol));
        return new AccountAfterClose(context.view(close.after()), ClosedView.of(close));
    }
}
