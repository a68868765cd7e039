package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.PositionRisk;
import java.math.BigDecimal;

/** Builds the preview of an action from the account before and after it. */
final class Previews {

    private Previews() {
    }

    static Preview of(MarginMath math, AccountSnapshot before, AccountSnapshot after, String symbol,
                      BigDecimal transferFromCross) {
        PositionRisk positionBefore = math.positionRisk(before, symbol).orElse(null);
        BigDecimal ratioBefore = math.accountRiskRatio(before).orElse(null);
        if (after == before) {
            // The account does not change (a mode switch, an opening against the other side): the
            // figures after are the figures before, so they are worked out once.
            return new Preview(positionBefore, positionBefore, transferFromCross, ratioBefore, ratioBefore);
        }
        return new Preview(positionBefore, math.positionRisk(after, symbol).orElse(null), transferFromCross,
                ratioBefore, math.accountRiskRatio(after).orElse(null));
    }
}
