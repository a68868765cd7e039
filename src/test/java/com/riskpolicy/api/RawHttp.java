package com.riskpolicy.api;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP/1.1 on a socket of its own, for what RestAssured will not do: a made-up method, or a request
 * from another local address (127.0.0.2) than the tests' usual one.
 */
final class RawHttp {

    private RawHttp() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code requestLine} with these credentials from {@code localAddress}; the status code of the answer. */
    static int status(String localAddress, String requestLine, String authorization) throws IOException {
        return statusOf(localAddress, requestLine + "\r\nHost: localhost\r\nAuthorization: " + authorization);
    }

    /** Sends {@code head} (the request line and headers, without a body) as it is; the status code of the answer. */
    static int statusOf(String localAddress, String head) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port));
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }
}
