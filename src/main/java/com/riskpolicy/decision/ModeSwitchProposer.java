package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest.SwitchMarginMode;
import com.riskpolicy.domain.Position;
import com.riskpolicy.domain.fact.ModeSwitch;
import com.riskpolicy.rules.RuleSet;
import java.math.BigDecimal;
import java.util.List;

/** Spec §3.1: the mode changes for the symbol only; nothing moves. */
final class ModeSwitchProposer {

    private ModeSwitchProposer() {
    }

    static Proposal propose(RuleSet rules, String accountId, AccountSnapshot before, SwitchMarginMode request) {
        String symbol = request.symbol();
        rules.catalog().requireContract(symbol);
        ModeSwitch fact = new ModeSwitch(accountId, symbol, before.marginMode(symbol), request.targetMode(),
                before.position(symbol).map(Position::quantity).orElse(BigDecimal.ZERO),
                before.orders(symbol).size());
        AccountSnapshot after = before.toBuilder().marginMode(symbol, request.targetMode()).build();
        // Switching moves nothing: the figures after the switch are those before it.
        Previews.State state = Previews.State.of(rules.math(), before);
        return new Proposal(List.of(fact), after, Previews.of(rules.math(), state, state, symbol, BigDecimal.ZERO));
    }
}
