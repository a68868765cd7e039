package com.riskpolicy.decision;

import com.riskpolicy.domain.AccountSnapshot;
import java.util.List;

/**
 * An action worked out before the rules see it: the facts they decide on, the account as it would
 * be after the action, and the preview.
 */
record Proposal(List<Object> facts, AccountSnapshot after, Preview preview) {
}
