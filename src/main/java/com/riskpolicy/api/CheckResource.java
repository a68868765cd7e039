package com.riskpolicy.api;

import com.riskpolicy.api.ApiRequests.CheckAdjustLeverage;
import com.riskpolicy.api.ApiRequests.CheckAdjustMargin;
import com.riskpolicy.api.ApiRequests.CheckOpenPosition;
import com.riskpolicy.api.ApiRequests.CheckPlaceOrder;
import com.riskpolicy.api.ApiRequests.CheckSwitchMarginMode;
import com.riskpolicy.api.ApiRequests.MarginTransferType;
import com.riskpolicy.decision.DecisionView;
import com.riskpolicy.decisionlog.DecisionLogJson;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.ledger.LedgerService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Policy checks against the ledger's accounts: 200 with the decision, ALLOW or DENY; nothing changes. */
@Path("/v1/checks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Checks")
public class CheckResource {

    @Inject
    LedgerService ledger;
    @Inject
    PolicyContext context;

    @POST
    @Path("switch-margin-mode")
    @Operation(summary = "Would switching the contract's margin mode be allowed?")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String switchMarginMode(@Valid @NotNull CheckSwitchMarginMode body) {
        context.bodySymbol("symbol", body.symbol());
        return check(body.accountId(), new ActionRequest.SwitchMarginMode(body.symbol(), body.mode()));
    }

    @POST
    @Path("open-position")
    @Operation(summary = "Would this fill be allowed to open or add to a position?")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String openPosition(@Valid @NotNull CheckOpenPosition body) {
        context.bodySymbol("symbol", body.symbol());
        return check(body.accountId(), new ActionRequest.OpenPosition(Action.OPEN_POSITION, body.symbol(),
                body.side(), body.quantity(), body.price(), body.leverage()));
    }

    @POST
    @Path("place-order")
    @Operation(summary = "Would this order be accepted?")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String placeOrder(@Valid @NotNull CheckPlaceOrder body) {
        context.bodySymbol("symbol", body.symbol());
        return check(body.accountId(), new ActionRequest.OpenPosition(Action.PLACE_ORDER, body.symbol(),
                body.side().opens(), body.quantity(), body.price(), body.leverage()));
    }

    @POST
    @Path("adjust-leverage")
    @Operation(summary = "Would changing the contract's leverage be allowed, and what would it move?")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String adjustLeverage(@Valid @NotNull CheckAdjustLeverage body) {
        context.bodySymbol("symbol", body.symbol());
        return check(body.accountId(), new ActionRequest.AdjustLeverage(body.symbol(), body.leverage()));
    }

    @POST
    @Path("add-margin")
    @Operation(summary = "Would adding this margin to the isolated position be allowed?")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String addMargin(@Valid @NotNull CheckAdjustMargin body) {
        return adjustMargin(Action.ADD_MARGIN, body);
    }

    @POST
    @Path("remove-margin")
    @Operation(summary = "Would removing this margin from the isolated position be allowed?")
    @APIResponseSchema(value = DecisionView.class, responseDescription = "The decision, ALLOW or DENY")
    public String removeMargin(@Valid @NotNull CheckAdjustMargin body) {
        return adjustMargin(Action.REMOVE_MARGIN, body);
    }

    /** Answers as the action would: a {@code type} that contradicts the path and an unknown currency are 400s. */
    private String adjustMargin(Action action, CheckAdjustMargin body) {
        MarginTransferType type = MarginTransferType.of(action);
        if (body.type() != null && body.type() != type) {
            throw new InvalidInputException("type", "is " + body.type() + " but this is the " + action.slug()
                    + " check: leave type out or give " + type);
        }
        context.bodySymbol("symbol", body.symbol());
        if (body.currency() != null) {
            context.knownCurrency("currency", body.currency());
        }
        return check(body.accountId(), new ActionRequest.AdjustMargin(action, body.symbol(), body.amount(), body.currency()));
    }

    /** The decision as JSON: the document the decision log keeps for it, written once for both. */
    private String check(String accountId, ActionRequest request) {
        return DecisionLogJson.decision(ledger.check(context.rules(), accountId, request).decision());
    }
}
