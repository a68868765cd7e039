package com.riskpolicy.decisionlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class DeflatedTest {

    private final Deflated deflated = new Deflated(1);

    @Test
    void a_document_comes_back_as_it_was_written_and_smaller() {
        String json = "{\"accountId\":\"alice\",\"balances\":{\"USDT\":\"10000.00000000\"},\"positions\":[],"
                + "\"message\":\"Leverage 25x exceeds the 20x maximum of tier 3 — ünïcødé\"}";
        byte[] compressed = deflated.compress(json.repeat(20));
        assertEquals(json.repeat(20), Deflated.inflate(compressed));
        assertTrue(compressed.length < json.length() * 20 / 4, compressed.length + " bytes");
    }

    @Test
    void stored_as_it_is_a_document_reads_back_the_same_way_as_a_compressed_one() {
        String json = "{\"accountId\":\"alice\",\"message\":\"tier 3 — ünïcødé\"}".repeat(20);
        byte[] stored = new Deflated(Deflated.STORED).compress(json);
        byte[] compressed = deflated.compress(json);

        assertEquals(json, Deflated.inflate(stored));
        assertEquals(json, Deflated.inflate(compressed));
        int bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(bytes + 5, stored.length, "one stored block: its 5-byte header and the document as it is");
        assertTrue(compressed.length < bytes / 4, compressed.length + " bytes");
    }

    @Test
    void a_stored_document_is_what_deflate_itself_writes_at_level_0() {
        java.util.zip.Deflater level0 = new java.util.zip.Deflater(java.util.zip.Deflater.NO_COMPRESSION, true);
        for (int length : new int[] {0, 1, 255, 256, 646, 40_000, Deflated.LARGEST_STORED}) {
            String json = "x".repeat(length);
            level0.reset();
            level0.setInput(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            level0.finish();
            byte[] expected = new byte[length + 64];
            int written = level0.deflate(expected);
            assertTrue(level0.finished(), "one call writes it whole");

            assertArrayEquals(java.util.Arrays.copyOf(expected, written), new Deflated(Deflated.STORED).compress(json),
                    length + " bytes");
        }
        level0.end();
    }

    @Test
    void at_level_0_a_document_too_large_to_store_as_it_is_is_compressed() {
        String small = "{\"orderId\":\"o-1\",\"quantity\":\"0.001\"},".repeat(Deflated.LARGEST_STORED / 40);
        assertTrue(small.length() <= Deflated.LARGEST_STORED);
        String large = small.repeat(3);
        Deflated stored = new Deflated(Deflated.STORED);

        byte[] smallRow = stored.compress(small);
        byte[] largeRow = stored.compress(large);

        assertEquals(small.length() + 5, smallRow.length, "within the limit: stored as it is");
        assertTrue(largeRow.length < large.length() / 4, largeRow.length + " bytes");
        assertEquals(large, Deflated.inflate(largeRow));
        assertEquals(small, Deflated.inflate(stored.compress(small)));
    }

    @Test
    void a_level_outside_deflates_own_is_refused_naming_the_setting() {
        for (int level : new int[] {-1, 10}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new Deflated(level));
            assertTrue(refused.getMessage().contains("policy.decision-log.compression-level"), refused.getMessage());
        }
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
