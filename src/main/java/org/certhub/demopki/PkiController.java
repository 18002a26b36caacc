package org.certhub.demopki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.certhub.platform.Mode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The demo PKI's public endpoints: root certificate, CRL and RFC 3161 TSA. No authentication, as with a real CA. */
@RestController
@ConditionalOnProperty(name = Mode.PROPERTY, havingValue = "demo", matchIfMissing = true)
class PkiController {

    static final MediaType TIMESTAMP_QUERY = MediaType.parseMediaType("application/timestamp-query");
    static final MediaType TIMESTAMP_REPLY = MediaType.parseMediaType("application/timestamp-reply");
    private static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
    private static final MediaType CRL = MediaType.parseMediaType("application/pkix-crl");

    private final Path rootPem;
    private final DemoCertificateAuthority ca;
    private final DemoTimestampAuthority tsa;

    PkiController(DemoPki pki, DemoCertificateAuthority ca, DemoTimestampAuthority tsa) {
        this.rootPem = pki.rootCertificate();
        this.ca = ca;
        this.tsa = tsa;
    }

    @GetMapping("/pki/root.pem")
    ResponseEntity<byte[]> root() throws IOException {
        return ResponseEntity.ok().contentType(PEM).body(Files.readAllBytes(rootPem));
    }

    @GetMapping("/pki/crl/{ca}.crl")
    ResponseEntity<byte[]> crl(@PathVariable("ca") String name) {
        if (!"root".equals(name)) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(CRL).body(ca.crl());
    }

    /** An RFC 3161 request holds an imprint, a nonce and a few flags: 16 KB leaves room for any extension. */
    static final int MAX_QUERY = 16 * 1024;

    @PostMapping(path = "/pki/tsa", consumes = "application/timestamp-query", produces = "application/timestamp-reply")
    ResponseEntity<byte[]> timestamp(jakarta.servlet.http.HttpServletRequest http) throws IOException {
        // the endpoint is public: a request is a few hundred bytes, so read no more than a bounded few KB
        byte[] query;
        try (var in = http.getInputStream()) {
            query = in.readNBytes(MAX_QUERY + 1);
        }
        if (query.length > MAX_QUERY) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(("a timestamp request is at most " + MAX_QUERY + " bytes")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(query);
        } catch (IOException | IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(("not an RFC 3161 timestamp request: " + e.getMessage())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try {
            return ResponseEntity.ok()
                    .contentType(TIMESTAMP_REPLY)
                    .body(tsa.respond(request).getEncoded());
        } catch (TSPException e) {
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(e.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
