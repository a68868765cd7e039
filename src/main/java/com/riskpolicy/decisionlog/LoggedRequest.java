package com.riskpolicy.decisionlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.ActionRequest.AdjustLeverage;
import com.riskpolicy.domain.ActionRequest.AdjustMargin;
import com.riskpolicy.domain.ActionRequest.OpenPosition;
import com.riskpolicy.domain.ActionRequest.SwitchMarginMode;
import com.riskpolicy.domain.MarginMode;
import com.riskpolicy.domain.PositionSide;
import java.math.BigDecimal;

/**
 * An {@link ActionRequest} as the decision log stores it: one flat record whose {@code action}
 * says which fields apply, so that a logged request reads like the parameters of
 * {@code POST /v1/decisions} and can be turned back into the request to replay it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggedRequest(Action action, String symbol, MarginMode mode, PositionSide side, BigDecimal quantity,
                            BigDecimal price, BigDecimal leverage, BigDecimal amount, String currency) {

    public static LoggedRequest of(ActionRequest request) {
        if (request instanceof SwitchMarginMode s) {
            return new LoggedRequest(s.action(), s.symbol(), s.targetMode(), null, null, null, null, null, null);
        }
        if (request instanceof OpenPosition o) {
            return new LoggedRequest(o.action(), o.symbol(), null, o.side(), o.quantity(), o.price(), o.leverage(),
                    null, null);
        }
        if (request instanceof AdjustLeverage l) {
            return new LoggedRequest(l.action(), l.symbol(), null, null, null, null, l.leverage(), null, null);
        }
        if (request instanceof AdjustMargin m) {
            return new LoggedRequest(m.action(), m.symbol(), null, null, null, null, null, m.amount(), m.currency());
        }
        throw new IllegalArgumentException("cannot log " + request);
    }

    public ActionRequest toRequest() {
        return switch (action) {
            case SWITCH_MARGIN_MODE -> new SwitchMarginMode(symbol, mode);
            case OPEN_POSITION, PLACE_ORDER -> new OpenPosition(action, symbol, side, quantity, price, leverage);
            case ADJUST_LEVERAGE -> new AdjustLeverage(symbol, leverage);
            case ADD_MARGIN, REMOVE_MARGIN -> new AdjustMargin(action, symbol, amount, currency);
        };
    }
}
