package com.riskpolicy.domain;

import java.math.BigDecimal;

/**
 * How decimals are shown to people: in the API's answers and in the messages of rules, which
 * import these as functions ({@code import function com.riskpolicy.domain.Display.money;}). The
 * names are not those of a fact's field: an imported function would hide the field in a rule's
 * condition.
 */
public final class Display {

    private Display() {
    }

    /** An amount, price or ratio at the ledger's scale: 8 places, HALF_EVEN ({@link Money#out}); null stays null. */
    public static String money(BigDecimal value) {
        return value == null ? null : Money.out(value).toPlainString();
    }

    /** A quantity or leverage as held, without trailing zeros: 10, not 10.000000000000000000; null stays null. */
    public static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
