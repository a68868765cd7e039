package com.riskpolicy.domain;

/** A symbol that no contract in the active rule set lists. */
public class UnknownSymbolException extends RuntimeException {

    private final String symbol;

    public UnknownSymbolException(String symbol) {
        super("unknown symbol " + symbol);
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
