package com.riskpolicy.ledger;

import com.riskpolicy.domain.PositionSide;
import com.riskpolicy.liquidation.AdlRanking;
import com.riskpolicy.liquidation.LiquidationBook;
import com.riskpolicy.rules.RuleSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Who auto-deleveraging would take first (docs/margin-policy.md §3.6), as a view: it changes nothing. */
@ApplicationScoped
public class AdlQueues {

    @Inject
    MarkPriceBook markPrices;
    @Inject
    LiquidationBook book;
    @Inject
    LedgerService ledger;

    /** Each side's positions in {@code symbol} in the order ADL would take them, with their indicators. */
    public Map<PositionSide, List<AdlRanking.Placed>> of(RuleSet rules, String symbol) {
        BigDecimal mark = markPrices.price(symbol).orElse(null);
        Map<PositionSide, List<AdlRanking.Placed>> out = new EnumMap<>(PositionSide.class);
        for (PositionSide side : PositionSide.values()) {
            out.put(side, mark == null ? List.of()
                    : AdlRanking.place(AdlRanking.queue(book, rules.math(), symbol, side, mark, ledger::account)));
        }
        return out;
    }
}
