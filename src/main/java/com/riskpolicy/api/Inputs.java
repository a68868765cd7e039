package com.riskpolicy.api;

import java.util.Arrays;

/** Reading request values that the field constraints cannot check; a bad one is a 400 naming its field. */
final class Inputs {

    private Inputs() {
    }

    /** The constant named {@code value}; null when {@code value} is null or blank. */
    static <E extends Enum<E>> E optionalEnum(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
