package org.certhub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, for what an HTTP client library will not do: send a request's head declaring a body
 * that comes slowly or never, and read the answer meanwhile.
 */
public final class RawHttp {

    private RawHttp() {}

    /** An answer: status, headers (names lower-cased) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    /** Writes a POST's head: request line, the headers, the declared {@code Content-Length}, the empty line. */
    public static void writeHead(
            OutputStream out, String host, String path, Map<String, String> headers, long contentLength)
            throws IOException {
        var head = new StringBuilder("POST ")
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one answer: the status line, the headers and a body of the declared {@code Content-Length}. */
    public static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        var headers = new LinkedHashMap<String, String>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        if (b == -1 && bytes.size() == 0) {
            return null;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
