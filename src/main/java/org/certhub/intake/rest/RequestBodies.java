package org.certhub.intake.rest;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;

/** Reads a request body whole, up to the channel's limit, and hands it on without reading the stream twice. */
final class RequestBodies {

    /** The request attribute that holds the body once read. */
    static final String BODY = RequestBodies.class.getName() + ".body";

    private RequestBodies() {}

    /**
     * The body read once: from the attribute when a filter read it, else from the stream. A declared length over
     * the limit is refused before reading; a body without a declared length (chunked) is refused as soon as it
     * passes the limit.
     */
    static byte[] read(HttpServletRequest request, long limit) throws IOException {
        if (request.getAttribute(BODY) instanceof byte[] body) {
            return body;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        var out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        }
        byte[] body = out.toByteArray();
        request.setAttribute(BODY, body);
        return body;
    }

    private static RestProblem tooLarge(long limit) {
        return new RestProblem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "body-too-large",
                        "请求体过大 (request body too large)",
                        "请求体超过 " + limit + " 字节的上限，请分批推送 (the body exceeds the limit of " + limit
                                + " bytes; push smaller batches)")
                .with("maxBodyBytes", limit);
    }

    /** The request with its body, already read, readable again by whatever comes after. */
    static HttpServletRequest withBody(HttpServletRequest request, byte[] body) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                var in = new ByteArrayInputStream(body);
                return new ServletInputStream() {
                    @Override
                    public int read() {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return in.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return in.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
    }
}
