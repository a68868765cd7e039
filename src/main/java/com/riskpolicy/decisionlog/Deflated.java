package com.riskpolicy.decisionlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The log's JSON documents as raw DEFLATE (RFC 1951) at the fastest level: a decision's two
 * documents shrink to about a quarter, and H2, which rewrites the pages of a growing table as it
 * goes, writes and copies a quarter of the bytes. Compressing costs the writer thread less than the
 * bytes it saves H2. A compressor keeps its native buffers (about 270 KB) from one entry to the
 * next and is not thread-safe: each deciding thread has its own ({@link LogRow}).
 */
final class Deflated {

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final byte[] buffer = new byte[16 * 1024];

    byte[] compress(String json) {
        deflater.reset();
        deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
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
