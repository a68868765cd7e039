package com.riskpolicy.decision;

import com.riskpolicy.domain.PositionRisk;
import java.math.BigDecimal;

/**
 * What the action would do, shown for an ALLOW and a DENY alike.
 *
 * @param before               the symbol's position now; null without one
 * @param after                the symbol's position if the action were applied; null without one
 * @param transferFromCross    settlement currency the action moves from the cross wallet into
 *                             isolated margin (negative: returned to it)
 * @param crossRiskRatioBefore null when unbounded
 * @param crossRiskRatioAfter  null when unbounded
 */
public record Preview(
        PositionRisk before,
        PositionRisk after,
        BigDecimal transferFromCross,
        BigDecimal crossRiskRatioBefore,
        BigDecimal crossRiskRatioAfter) {
}
