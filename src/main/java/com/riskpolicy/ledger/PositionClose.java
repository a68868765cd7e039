package com.riskpolicy.ledger;

import com.riskpolicy.domain.AccountSnapshot;
import com.riskpolicy.domain.Position;
import java.math.BigDecimal;

/**
 * A position closed at the mark price, with what it settled, so that a platform can reconcile: the
 * cross wallet was credited {@code creditedToCross} = the isolated margin (none for a cross
 * position) + {@code realizedPnl}.
 *
 * @param realizedPnl the position's PnL at the mark price; an isolated position's loss stops at its
 *                    margin
 */
public record PositionClose(AccountSnapshot after, Position position, BigDecimal markPrice, BigDecimal realizedPnl,
                            BigDecimal creditedToCross) {
}
