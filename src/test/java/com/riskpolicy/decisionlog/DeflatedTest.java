package com.riskpolicy.decisionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class DeflatedTest {

    private final Deflated deflated = new Deflated();

    @Test
    void a_document_comes_back_as_it_was_written_and_smaller() {
        String json = "{\"accountId\":\"alice\",\"balances\":{\"USDT\":\"10000.00000000\"},\"positions\":[],"
                + "\"message\":\"Leverage 25x exceeds the 20x maximum of tier 3 — ünïcødé\"}";
        byte[] compressed = deflated.compress(json.repeat(20));
        assertEquals(json.repeat(20), Deflated.inflate(compressed));
        assertTrue(compressed.length < json.length() * 20 / 4, compressed.length + " bytes");
    }

    @Test
    void a_document_larger_than_the_buffer_and_one_that_does_not_shrink_come_back_whole() {
        StringBuilder noise = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 200_000; i++) {
            noise.append((char) ('!' + random.nextInt(90)));
        }
        assertEquals(noise.toString(), Deflated.inflate(deflated.compress(noise.toString())));
        assertEquals("", Deflated.inflate(deflated.compress("")));
    }

    @Test
    void damaged_bytes_are_refused_rather_than_read_as_something_else() {
        byte[] compressed = deflated.compress("{\"decision\":\"ALLOW\"}".repeat(50));
        byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length / 2);
        assertThrows(IllegalStateException.class, () -> Deflated.inflate(cut));
    }
}
