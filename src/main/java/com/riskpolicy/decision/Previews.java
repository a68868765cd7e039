package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.CrossBook;
import com.riskpolicy.domain.MarginMath;
import com.riskpolicy.domain.PositionRisk;
import java.math.BigDecimal;

/** Builds the preview of an action from the account before and after it. */
final class Previews {

    private Previews() {
    }

    static Preview of(MarginMath math, State before, State after, String symbol, BigDecimal transferFromCross) {
        PositionRisk positionBefore = math.positionRisk(before.account(), symbol, before.book()).orElse(null);
        // An action that changes nothing (a mode switch, a refused opening) shows the same figures after.
        PositionRisk positionAfter = after == before ? positionBefore
                : math.positionRisk(after.account(), symbol, after.book()).orElse(null);
        return new Preview(positionBefore, positionAfter, transferFromCross, before.book().riskRatio(),
                after.book().riskRatio());
    }

    /** An account with its cross figures, worked out once. */
    record State(AccountSnapshot account, CrossBook book) {

        static State of(MarginMath math, AccountSnapshot account) {
            return new State(account, math.crossBook(account));
        }

        /** The state after an action; the same state when the action changed nothing. */
        State next(MarginMath math, AccountSnapshot after) {
            return after == account ? this : of(math, after);
        }
    }
}
