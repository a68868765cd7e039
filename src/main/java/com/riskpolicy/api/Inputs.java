package com.riskpolicy.api;

import java.util.Arrays;

/** Reading request values that the field constraints cannot check; a bad one is a 400 naming its field. */
final class Inputs {

    private Inputs() {
    }

    /** The constant named {@code value}, which is not null; anything else, blank included, is refused. */
    static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
