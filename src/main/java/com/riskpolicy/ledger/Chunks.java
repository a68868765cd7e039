package com.riskpolicy.ledger;

import java.util.ArrayList;
import java.util.List;

/** Ids cut into lists short enough for one statement's {@code IN (…)}: well under every database's limit of parameters. */
final class Chunks {

    static final int SIZE = 500;

    private Chunks() {
    }

    /** {@code ids} in consecutive views of at most {@link #SIZE}, in their order. */
    static <T> List<List<T>> of(List<T> ids) {
        List<List<T>> chunks = new ArrayList<>((ids.size() + SIZE - 1) / SIZE);
        for (int from = 0; from < ids.size(); from += SIZE) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + SIZE)));
        }
        return chunks;
    }
}
