package com.riskpolicy.api;

import static com.riskpolicy.api.Api.account;
import static com.riskpolicy.api.Api.createAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every 4xx the service answers is problem+json (docs/api.md "Errors"), also those the HTTP layer
 * decides before any resource runs. Requests go out byte for byte over a socket, as a client that
 * does not follow HTTP would send them.
 */
@QuarkusTest
class HttpProblemsTest {

    private static final String PLATFORM = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("platform:platform".getBytes(StandardCharsets.UTF_8)) + "\r\n";
    private static final int ONE_MEBIBYTE = 1024 * 1024;

    private String accountId;
    private String stateBefore;

    @BeforeEach
    void anAccount() {
        accountId = createAccount("http", Map.of("USDT", "1000"));
        stateBefore = account(accountId).asString();
    }

    /** What came back: the status, the headers by lower-case name, the body. */
    record Answer(int status, Map<String, String> headers, String body) {

        boolean isProblem() {
            return headers.getOrDefault("content-type", "").startsWith("application/problem+json")
                    && body.contains("\"status\":" + status);
        }
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads the answer. */
    private static Answer send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer send(String head) throws IOException {
        return send(head, new byte[0]);
    }

    /** The status line, the headers and as many bytes of body as Content-Length gives (every answer here has one). */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection closed before the answer's headers ended: " + head);
            }
            head.write(next);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void a_request_uri_over_the_limit_is_414_as_a_problem() throws IOException {
        Answer answer = send("GET /v1/accounts/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n" + PLATFORM);
        assertEquals(414, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
    }

    @Test
    void headers_over_the_limit_are_431_as_a_problem() throws IOException {
        Answer answer = send("GET /v1/accounts/" + accountId + " HTTP/1.1\r\nHost: localhost\r\n" + PLATFORM
                + "X-Padding: " + "p".repeat(30_000) + "\r\n");
        assertEquals(431, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/accounts/%zz", "/v1/accounts/a|b", "/v1/liquidations?accountId=%zz", "/v1/accounts/{x}"})
    void a_request_uri_that_is_not_a_uri_is_400_as_a_problem(String uri) throws IOException {
        Answer answer = send("GET " + uri + " HTTP/1.1\r\nHost: localhost\r\n" + PLATFORM);
        assertEquals(400, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
    }

    @Test
    void a_request_without_a_host_is_400_as_a_problem() throws IOException {
        Answer answer = send("GET /v1/accounts/" + accountId + " HTTP/1.1\r\n" + PLATFORM);
        assertEquals(400, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
    }

    @Test
    void a_relative_request_uri_is_404_as_a_problem() throws IOException {
        Answer answer = send("GET v1/accounts/" + accountId + " HTTP/1.1\r\nHost: localhost\r\n" + PLATFORM);
        assertEquals(404, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
    }

    @Test
    void a_chunked_body_over_one_mebibyte_is_413_as_a_problem_and_changes_nothing() throws IOException {
        // one chunk past the limit and no last chunk: the service has read all that was sent when it answers
        String padding = "{\"currency\":\"USDT\",\"amount\":\"1\",\"padding\":\"" + "x".repeat(ONE_MEBIBYTE);
        Answer answer = send("POST /v1/accounts/" + accountId + "/deposits HTTP/1.1\r\nHost: localhost\r\n" + PLATFORM
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", chunk(padding));
        assertEquals(413, answer.status(), answer::toString);
        assertTrue(answer.isProblem(), answer::toString);
        assertEquals(stateBefore, account(accountId).asString());
    }

    @Test
    void a_chunked_body_within_the_limit_is_read() throws IOException {
        String deposit = "{\"currency\":\"USDT\",\"amount\":\"1\"}";
        byte[] body = (new String(chunk(deposit), StandardCharsets.ISO_8859_1) + "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Answer answer = send("POST /v1/accounts/" + accountId + "/deposits HTTP/1.1\r\nHost: localhost\r\n" + PLATFORM
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", body);
        assertEquals(200, answer.status(), answer::toString);
        assertTrue(answer.body().contains("\"USDT\":\"1001.00000000\""), answer::toString);
    }

    private static byte[] chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(bytes);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /**
     * Vert.x answers these itself, with an empty body, before any application code sees the request:
     * Quarkus 3.33 offers no way to set Vert.x's handler of invalid requests (README, Errors). They
     * are 4xx all the same, never a server error.
     */
    @ParameterizedTest
    @ValueSource(strings = {"GET /v1/contracts HTTP/1.1\r\nHost: localhost\r\nNot a header\r\n",
        "POST /v1/contracts HTTP/1.1\r\nHost: localhost\r\nContent-Length: ten\r\n",
        "GET /v1/contracts HTTP/1.1\r\nHost: localhost\r\nX-Padding: 70000\r\n"})
    void what_the_http_layer_refuses_on_its_own_is_still_a_client_error(String head) throws IOException {
        Answer answer = send(head.replace("X-Padding: 70000", "X-Padding: " + "p".repeat(70_000)));
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer::toString);
    }
}
