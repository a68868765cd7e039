package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.MarginMath;
import java.math.BigDecimal;

/** Builds the preview of an action from the account before and after it. */
final class Previews {

    private Previews() {
    }

    static Preview of(MarginMath math, AccountSnapshot before, AccountSnapshot after, String symbol,
                      BigDecimal transferFromCross) {
        return new Preview(
                math.positionRisk(before, symbol).orElse(null),
                math.positionRisk(after, symbol).orElse(null),
                transferFromCross,
                math.accountRiskRatio(before).orElse(null),
                math.accountRiskRatio(after).orElse(null));
    }
}
