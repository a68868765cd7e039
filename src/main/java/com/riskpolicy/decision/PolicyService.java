package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.ActionRequest;
import com.riskpolicy.domain.ActionRequest.AdjustLeverage;
import com.riskpolicy.domain.ActionRequest.AdjustMargin;
import com.riskpolicy.domain.ActionRequest.OpenPosition;
import com.riskpolicy.domain.ActionRequest.SwitchMarginMode;
import com.riskpolicy.domain.Ids;
import com.riskpolicy.domain.Outcome;
import com.riskpolicy.rules.Evaluation;
import com.riskpolicy.rules.RuleEngine;
import com.riskpolicy.rules.RuleSet;
import java.time.Instant;

/**
 * Decides actions: works out the facts and the state after the action in Java, lets the active
 * rule set decide, and returns the decision with its preview. Never changes anything.
 */
public final class PolicyService {

    private final RuleEngine engine;
    private final DecisionObserver observer;

    public PolicyService(RuleEngine engine, DecisionObserver observer) {
        this.engine = engine;
        this.observer = observer;
    }

    /** Decides on facts the caller supplies with the rule set active now, as a {@link DecisionSource#STATELESS} decision. */
    public Decided decide(AccountSnapshot before, ActionRequest request) {
        return decide(DecisionSource.STATELESS, engine.active(), before, request);
    }

    /**
     * Decides with {@code rules}, the rule set the request took once and checked its input against,
     * and tells the observer, which may refuse the decision by throwing.
     */
    public Decided decide(DecisionSource source, RuleSet rules, AccountSnapshot before, ActionRequest request) {
        long start = System.nanoTime();
        Decided decided = decideWith(rules, before, request);
        observer.decided(source, before, request, decided.decision(), System.nanoTime() - start);
        return decided;
    }

    /**
     * Decides with the given rule set and tells no observer: for replaying logged decisions on a
     * candidate rule set that is not active.
     */
    public static Decided decideWith(RuleSet rules, AccountSnapshot before, ActionRequest request) {
        Proposal proposal = propose(rules, before, request);
        Evaluation evaluation = rules.evaluate(proposal.facts());
        Instant decidedAt = Instant.now();
        Decision decision = new Decision(Ids.at(decidedAt), request.action(),
                evaluation.allowed() ? Outcome.ALLOW : Outcome.DENY,
                evaluation.violations(), evaluation.warnings(), proposal.preview(), evaluation.ruleSetRevision(),
                evaluation.firedRules(), decidedAt);
        return new Decided(decision, proposal.after());
    }

    private static Proposal propose(RuleSet rules, AccountSnapshot before, ActionRequest request) {
        String accountId = before.accountId();
        if (request instanceof SwitchMarginMode switchMode) {
            return ModeSwitchProposer.propose(rules, accountId, before, switchMode);
        }
        if (request instanceof OpenPosition opening) {
            return OpeningProposer.propose(rules, accountId, before, opening);
        }
        if (request instanceof AdjustLeverage leverage) {
            return LeverageProposer.propose(rules, accountId, before, leverage);
        }
        if (request instanceof AdjustMargin margin) {
            return MarginProposer.propose(rules, accountId, before, margin);
        }
        throw new IllegalArgumentException("no policy for " + request.action());
    }
}
