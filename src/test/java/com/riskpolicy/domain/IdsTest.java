package com.riskpolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void an_id_is_a_version_7_uuid_carrying_the_millisecond_it_was_made() {
        long millis = 1_764_115_200_123L;
        UUID id = Ids.next(millis);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis, id.getMostSignificantBits() >>> 16);
        assertEquals(id, UUID.fromString(id.toString()));
    }

    @Test
    void an_id_made_at_a_time_carries_that_time_s_millisecond() {
        Instant time = Instant.ofEpochMilli(1_764_115_200_123L).plusNanos(456_789);
        UUID id = UUID.fromString(Ids.at(time));
        assertEquals(7, id.version());
        assertEquals(1_764_115_200_123L, id.getMostSignificantBits() >>> 16);
    }

    @Test
    void ids_of_later_milliseconds_sort_after_earlier_ones_as_text() {
        String earlier = Ids.next(1_764_115_200_123L).toString();
        String later = Ids.next(1_764_115_200_124L).toString();
        assertTrue(earlier.compareTo(later) < 0, earlier + " then " + later);
    }

    @Test
    void ids_made_in_the_same_millisecond_differ() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(Ids.next(1_764_115_200_123L));
        }
        assertEquals(100_000, ids.size());
    }
}
