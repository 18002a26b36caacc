package org.certhub.intake.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.certhub.catalog.Catalogue;
import org.certhub.mapping.Mappings;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signature filter with the real credentials, nonce store (on the real migrations), body spool and limits: what it
 * can refuse from the headers alone it refuses without reading a byte of the body; v1 signatures pass until their
 * last day on the hub's clock; a request over its limits gets 429 before its body.
 */
class SignedRequestFilterTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String PATH = "/api/v1/sources/training-center/records";
    private static final String KEY = "tc-unit";
    private static final String SECRET = "tc-unit-secret-0123456789abcdef0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Mappings mappings;

    @TempDir
    Path spool;

    private DataSource database;
    private Clock clock = Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), SHANGHAI);
    private RestChannelSettings settings = RequestLimitsTests.settings(8, 600, 60, 16, 1200, 120);

    @BeforeAll
    static void mappings() {
        mappings = Mappings.load(Path.of("mappings"), Catalogue.load(Path.of("config/catalog")));
    }

    @BeforeEach
    void database() {
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure()
                .dataSource(h2)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        database = h2;
    }

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    private SignedRequestFilter filter() {
        var environment = new AbstractEnvironment() {};
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "config",
                        Map.of(
                                "certhub.sources.training-center.rest.key",
                                KEY,
                                "certhub.sources.training-center.rest.secret",
                                SECRET,
                                "certhub.sources.exam-system.rest.key",
                                "exam-unit",
                                "certhub.sources.exam-system.rest.secret",
                                "exam-unit-secret-0123456789abcdef")));
        var bodies = new RequestBodies(spool, settings.maxBodyBytes().toBytes(), (int)
                settings.spoolThreshold().toBytes());
        bodies.clearLeftovers();
        return new SignedRequestFilter(
                new SourceCredentials(environment, mappings),
                nonces(),
                mappings,
                bodies,
                new RequestLimits(settings, clock),
                settings,
                clock);
    }

    private NonceStore nonces() {
        return new NonceStore(JdbcClient.create(database), clock, settings);
    }

    @Test
    void refusalsThatNeedNoBodyAreAnsweredWithoutReadingIt() throws Exception {
        String body = "[]";
        String hash = RequestSignature.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
        long now = clock.instant().getEpochSecond();
        var filter = filter();
        String used = "used-nonce-000001";
        nonces().remember(KEY, used, clock.instant().plusSeconds(300));

        assertRefusedUnread(filter, v2(PATH, hash, "no-such-key", SECRET, now, nonce()), "bad-signature");
        assertRefusedUnread(filter, v2(PATH, hash, KEY, "not-the-secret", now, nonce()), "bad-signature");
        assertRefusedUnread(filter, v2(PATH, hash, "exam-unit", SECRET, now, nonce()), "bad-signature");
        assertRefusedUnread(
                filter, v2("/api/v1/sources/nowhere/records", hash, KEY, SECRET, now, nonce()), "bad-signature");
        assertRefusedUnread(filter, v2(PATH, hash, KEY, SECRET, now - 3600, nonce()), "stale-timestamp");
        assertRefusedUnread(filter, v2(PATH, hash, KEY, SECRET, now, "short"), "missing-signature");
        assertRefusedUnread(filter, v2(PATH, "not-a-hash", KEY, SECRET, now, nonce()), "missing-signature");
        // a replay, rightly signed: v2 checks the signature and the nonce before the body, v1 the nonce
        assertRefusedUnread(filter, v2(PATH, hash, KEY, SECRET, now, used), "replayed-nonce");
        assertRefusedUnread(filter, v1(PATH, hash, KEY, SECRET, now, used), "replayed-nonce");
    }

    @Test
    void v1SignaturesPassUntilTheirLastDayOnTheHubsClockAndAreRefusedFromTheNextDay() throws Exception {
        byte[] body = "[{\"trainee\":{}}]".getBytes(StandardCharsets.UTF_8);
        String hash = RequestSignature.sha256Hex(body);
        LocalDate lastDay = settings.v1AcceptedUntil();

        // 23:59 on the last day in the issuing authority's zone (15:59 UTC): still accepted
        clock = Clock.fixed(lastDay.atTime(23, 59).atZone(SHANGHAI).toInstant(), SHANGHAI);
        var request = v1(PATH, hash, KEY, SECRET, clock.instant().getEpochSecond(), nonce());
        request.setContent(body);
        var chain = new MockFilterChain();
        var response = new MockHttpServletResponse();
        filter().doFilter(request, response, chain);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(chain.getRequest()).as("handed on").isNotNull();
        assertThat(RequestBodies.spooled(request).sha256()).isEqualTo(hash);

        // 00:00:30 the next day there (16:00:30 UTC, still the last day in UTC): refused, saying to use v2
        clock = Clock.fixed(
                LocalDateTime.of(lastDay.plusDays(1), java.time.LocalTime.of(0, 0, 30))
                        .atZone(SHANGHAI)
                        .toInstant(),
                SHANGHAI);
        JsonNode problem = assertRefusedUnread(
                filter(),
                v1(PATH, hash, KEY, SECRET, clock.instant().getEpochSecond(), nonce()),
                "signature-version-retired");
        assertThat(problem.get("detail").asString()).contains("v2", lastDay.toString());
        assertThat(problem.get("acceptedUntil").asString()).isEqualTo(lastDay.toString());

        // v2 goes on
        var v2 = v2(PATH, hash, KEY, SECRET, clock.instant().getEpochSecond(), nonce());
        v2.setContent(body);
        var v2Response = new MockHttpServletResponse();
        filter().doFilter(v2, v2Response, new MockFilterChain());
        assertThat(v2Response.getStatus()).as(v2Response.getContentAsString()).isEqualTo(200);
    }

    @Test
    void aRequestOverItsAddresssOrItsKeysRateGets429BeforeItsBodyIsRead() throws Exception {
        settings = RequestLimitsTests.settings(8, 600, 2, 16, 1200, 3);
        var filter = filter();
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        String hash = RequestSignature.sha256Hex(body);
        long now = clock.instant().getEpochSecond();

        // the key's burst of 2: the third rightly signed request is refused before its body
        for (int i = 0; i < 2; i++) {
            var request = v2(PATH, hash, KEY, SECRET, now, nonce());
            request.setContent(body);
            var response = new MockHttpServletResponse();
            filter.doFilter(request, response, new MockFilterChain());
            assertThat(response.getStatus()).isEqualTo(200);
        }
        JsonNode keyLimit = assertRefusedUnread(filter, v2(PATH, hash, KEY, SECRET, now, nonce()), "too-many-requests");
        assertThat(keyLimit.get("retryAfterSeconds").asLong()).isPositive();

        // the address's burst of 3 is spent too (the refused request took one): even an unknown key is refused
        var response = assertRefusedUnreadResponse(filter, v2(PATH, hash, "no-such-key", SECRET, now, nonce()));
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isNotBlank();
    }

    // --- requests ---

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static MockHttpServletRequest v2(
            String path, String bodySha256, String key, String secret, long timestamp, String nonce) {
        var request = new MockHttpServletRequest("POST", path);
        request.setContentType("application/json");
        request.addHeader(RequestSignature.KEY_HEADER, key);
        request.addHeader(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        request.addHeader(RequestSignature.NONCE_HEADER, nonce);
        request.addHeader(RequestSignature.CONTENT_SHA256_HEADER, bodySha256);
        request.addHeader(
                RequestSignature.SIGNATURE_HEADER,
                RequestSignature.signV2(
                        secret,
                        RequestSignature.stringToSignV2(
                                "POST", path, null, "application/json", null, timestamp, nonce, bodySha256)));
        request.setRemoteAddr("203.0.113.7");
        return request;
    }

    private static MockHttpServletRequest v1(
            String path, String bodySha256, String key, String secret, long timestamp, String nonce) {
        var request = new MockHttpServletRequest("POST", path);
        request.setContentType("application/json");
        request.addHeader(RequestSignature.KEY_HEADER, key);
        request.addHeader(RequestSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        request.addHeader(RequestSignature.NONCE_HEADER, nonce);
        request.addHeader(
                RequestSignature.SIGNATURE_HEADER,
                RequestSignature.sign(
                        secret, RequestSignature.stringToSign("POST", path, timestamp, nonce, bodySha256)));
        request.setRemoteAddr("203.0.113.7");
        return request;
    }

    /** Sends the request with a body that must not be read (16 MB declared), and returns the 401 problem. */
    private static JsonNode assertRefusedUnread(SignedRequestFilter filter, MockHttpServletRequest request, String type)
            throws Exception {
        var response = assertRefusedUnreadResponse(filter, request);
        JsonNode problem = JSON.readTree(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(problem.get("type").asString())
                .as(problem.toString())
                .isEqualTo("https://certhub.org/problems/" + type);
        return problem;
    }

    private static MockHttpServletResponse assertRefusedUnreadResponse(
            SignedRequestFilter filter, MockHttpServletRequest request) throws Exception {
        var untouched = new UntouchedBody(request);
        var chain = new MockFilterChain();
        var response = new MockHttpServletResponse();
        filter.doFilter(untouched, response, chain);
        assertThat(chain.getRequest()).as("handed on").isNull();
        assertThat(response.getStatus()).isIn(401, 429);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
        return response;
    }

    /** A request declaring a 16 MB body whose stream fails the test when read. */
    private static final class UntouchedBody extends jakarta.servlet.http.HttpServletRequestWrapper {
        UntouchedBody(MockHttpServletRequest request) {
            super(request);
        }

        @Override
        public long getContentLengthLong() {
            return 16L * 1024 * 1024;
        }

        @Override
        public int getContentLength() {
            return 16 * 1024 * 1024;
        }

        @Override
        public ServletInputStream getInputStream() {
            throw new AssertionError("the body was read");
        }
    }
}
