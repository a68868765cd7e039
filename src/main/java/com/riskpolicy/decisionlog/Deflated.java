package com.riskpolicy.decisionlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The log's JSON documents as raw DEFLATE (RFC 1951), at the level {@code
 * policy.decision-log.compression-level} sets, so that every row, older compressed ones included,
 * reads back the same way. Level 0, the default, stores a document as it is, in one stored block
 * (5 bytes of header), written here without a compressor; a document larger than one block holds
 * ({@link #LARGEST_STORED} bytes: an account with thousands of orders) is compressed at level 1
 * even then, so that it fits its column. Levels 1-9 compress every document: level 1 shrinks a
 * decision's two documents to about a quarter, but costs the deciding thread about 100 µs per
 * decision on a 2-core machine under load, where storing them costs the log's writer 3 µs more
 * (BENCHMARKS.md, "What a check spent its time on"). A compressor keeps its native buffers (about
 * 270 KB) from one entry to the next and is not thread-safe: each deciding thread has its own
 * ({@link DecisionLog}), made when it first needs one.
 */
final class Deflated {

    /** Documents stored as they are, in DEFLATE's stored blocks. */
    static final int STORED = Deflater.NO_COMPRESSION;

    /** The most one stored block holds; at level 0 a larger document is compressed at level 1. */
    static final int LARGEST_STORED = 65_535;

    private final int level;
    private Deflater deflater;
    private final byte[] buffer = new byte[16 * 1024];

    /** @param level 0 (stored as they are) to 9 (smallest) */
    Deflated(int level) {
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("policy.decision-log.compression-level must be 0 (store the documents"
                    + " as they are) to 9 (smallest), not " + level);
        }
        this.level = level;
    }

    byte[] compress(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (level == STORED && bytes.length <= LARGEST_STORED) {
            return storedBlock(bytes);
        }
        Deflater deflater = deflater();
        deflater.reset();
        deflater.setInput(bytes);
        deflater.finish();
        ByteArrayOutputStream out = null;
        while (true) {
            int length = deflater.deflate(buffer);
            if (deflater.finished() && out == null) {
                return Arrays.copyOf(buffer, length);
            }
            if (out == null) {
                out = new ByteArrayOutputStream(buffer.length * 2);
            }
            out.write(buffer, 0, length);
            if (deflater.finished()) {
                return out.toByteArray();
            }
        }
    }

    /** RFC 1951, 3.2.4: the final block, stored (BTYPE 00), its length and the length's complement. */
    private static byte[] storedBlock(byte[] bytes) {
        int length = bytes.length;
        byte[] block = new byte[length + 5];
        block[0] = 1;
        block[1] = (byte) length;
        block[2] = (byte) (length >>> 8);
        block[3] = (byte) ~length;
        block[4] = (byte) (~length >>> 8);
        System.arraycopy(bytes, 0, block, 5, length);
        return block;
    }

    private Deflater deflater() {
        if (deflater == null) {
            deflater = new Deflater(level == STORED ? Deflater.BEST_SPEED : level, true);
        }
        return deflater;
    }

    static String inflate(byte[] compressed) {
        Inflater inflater = new Inflater(true);
        try {
            // raw DEFLATE needs one byte past the data to tell its end (Inflater's documentation)
            inflater.setInput(Arrays.copyOf(compressed, compressed.length + 1));
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 5);
            byte[] chunk = new byte[16 * 1024];
            while (!inflater.finished()) {
                int length = inflater.inflate(chunk);
                if (length == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("a decision log entry ends before its JSON does");
                }
                out.write(chunk, 0, length);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a decision log entry is not valid DEFLATE data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
