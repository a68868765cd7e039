package com.riskpolicy.acceptance;

import com.riskpolicy.acceptance.Vocabulary.MarginMode;
import com.riskpolicy.acceptance.Vocabulary.OrderSide;
import com.riskpolicy.acceptance.Vocabulary.PositionSide;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The rows of the features' data tables and the expected outcomes of their Examples, as records.
 * In an expectation row an empty cell is not checked.
 */
final class Rows {

    private Rows() {
    }

    /** | symbol | mark price | */
    record MarkPrice(String symbol, BigDecimal price) {
    }

    /** | wallet USDT | cross equity | cross initial margin | transferable | */
    record CrossAccountFigures(BigDecimal walletUsdt, BigDecimal crossEquity, BigDecimal crossInitialMargin,
                               BigDecimal transferable) {
    }

    /**
     * | symbol | mode | side | quantity | entry price | leverage | isolated margin |; an isolated margin
     * of "none" means the position must hold none (a cross position).
     */
    record PositionFigures(String symbol, MarginMode mode, PositionSide side, BigDecimal quantity,
                           BigDecimal entryPrice, BigDecimal leverage, Optional<BigDecimal> isolatedMargin) {
    }

    /** | side | quantity | price | leverage | */
    record OrderLine(OrderSide side, BigDecimal quantity, BigDecimal price, BigDecimal leverage) {
    }

    /** | code | rule | */
    record Reason(String code, String rule) {
    }

    /** "allowed", or "denied with CODE". */
    record ExpectedOutcome(boolean allowed, String code) {
    }
}
