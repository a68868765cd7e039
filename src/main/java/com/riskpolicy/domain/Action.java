package com.riskpolicy.domain;

import java.util.Arrays;
import java.util.Optional;

/** The margin actions the rules decide on; {@link #slug()} is the action's name in check paths. */
public enum Action {
    SWITCH_MARGIN_MODE("switch-margin-mode"),
    OPEN_POSITION("open-position"),
    PLACE_ORDER("place-order"),
    ADD_MARGIN("add-margin"),
    REMOVE_MARGIN("remove-margin"),
    ADJUST_LEVERAGE("adjust-leverage");

    private final String slug;

    Action(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public static Optional<Action> fromSlug(String slug) {
        return Arrays.stream(values()).filter(a -> a.slug.equals(slug)).findFirst();
    }
}
