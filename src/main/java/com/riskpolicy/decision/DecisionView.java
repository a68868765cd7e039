package com.riskpolicy.decision;

import static com.riskpolicy.domain.Display.money;

import com.riskpolicy.domain.Action;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.domain.fact.Violation;
import com.riskpolicy.domain.fact.Warning;
import java.time.Instant;
import java.util.List;

/**
 * A decision in its one JSON shape: what the service answers (a check, a stateless decision, the
 * decision of a ledger action, a denial's problem) and what the decision log keeps and shows again.
 * Amounts, prices and ratios in the preview are rounded to 8 places; the full-precision figures
 * behind them are never shown.
 */
public record DecisionView(String decisionId, Action action, Outcome decision, List<Violation> violations,
                           List<Warning> warnings, PreviewView preview, String ruleSetRevision,
                           List<String> firedRules, Instant evaluatedAt) {

    public static DecisionView of(Decision decision) {
        return new DecisionView(decision.decisionId(), decision.action(), decision.decision(),
                decision.violations(), decision.warnings(), PreviewView.of(decision.preview()),
                decision.ruleSetRevision(), decision.firedRules(), decision.evaluatedAt());
    }

    /** What the action would do ({@link Preview}), as shown. */
    public record PreviewView(PositionRiskView before, PositionRiskView after, String transferFromCross,
                              String crossRiskRatioBefore, String crossRiskRatioAfter) {

        static PreviewView of(Preview preview) {
            if (preview == null) {
                return null;
            }
            return new PreviewView(PositionRiskView.of(preview.before()), PositionRiskView.of(preview.after()),
                    money(preview.transferFromCross()), money(preview.crossRiskRatioBefore()),
                    money(preview.crossRiskRatioAfter()));
        }
    }
}
