package com.riskpolicy.rules;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.SortedSet;

/**
 * One row of a policy example table: an action on an account, or a mark-price tick over it, and what
 * the rules must decide.
 *
 * @param request    the action; null for a mark-price tick
 * @param tickPrice  the tick's mark price; null for an action
 * @param expected   {@code ALLOW} or {@code DENY} for an action; for a tick what happens to the account
 *                   ({@link #TICK_OUTCOMES})
 * @param violations the violation codes the decision must carry, exactly (none for ALLOW)
 * @param warnings   the warning codes the decision must carry, exactly
 * @param rules      rules that must fire (for a tick: the rule of its verdict)
 */
public record PolicyExample(String file, int line, String name, String symbol, AccountSnapshot account, ActionRequest request,
                            BigDecimal tickPrice, String expected, SortedSet<String> violations,
                            SortedSet<String> warnings, List<String> rules) {

    /** The action column's value for a mark-price tick. */
    public static final String MARK_PRICE = "MARK_PRICE";
    /** What a tick may do to the example's account; NONE when no rule gives a verdict. */
    public static final List<String> TICK_OUTCOMES =
            List.of("ISOLATED_LIQUIDATION", "ACCOUNT_LIQUIDATION", "MARGIN_CALL", "NONE");

    public boolean isTick() {
        return request == null;
    }
}
