package org.certhub.platform;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The doors of item 9 of issue 10 as a web slice on the hub's real security chain, users and filters, with a clock
 * the test moves: failed logins lock a username and a client address for a while (without checking the password),
 * a request that changes something under {@code /api/} needs {@code X-Requested-By}, and the public verification
 * page and the demo TSA are rate-limited per client address. The endpoints behind the chain are stand-ins that
 * answer 200: what is tested is whether a request gets through.
 */
@WebMvcTest(
        controllers = SecurityDoorsTests.class, // none: the stand-ins below answer
        properties = {
            "certhub.paths.data=target/security-doors-tests",
            "certhub.admin.password=admin-password",
            "certhub.users.sealer.password=sealer-password",
            "certhub.users.alice.roles=ADMIN",
            "certhub.users.alice.password=alice-password",
            "certhub.users.bob.roles=ADMIN",
            "certhub.users.bob.password=bob-password",
            "certhub.users.carol.roles=ADMIN",
            "certhub.users.carol.password=carol-password",
            "certhub.users.dave.roles=ADMIN",
            "certhub.users.dave.password=dave-password",
            "certhub.rate-limits.verification.requests=3",
            "certhub.rate-limits.timestamps.requests=2",
            "certhub.rate-limits.query.requests=2",
            "certhub.rate-limits.uploads.requests=1",
            "certhub.rate-limits.holder.requests=2",
        })
@ImportAutoConfiguration({
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class,
    UserDetailsServiceAutoConfiguration.class
})
@Import(SecurityConfiguration.class)
class SecurityDoorsTests {

    private static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    MovingClock clock;

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({UserAccounts.class, CerthubPaths.class, LoginSettings.class, RateLimitSettings.class
    })
    static class StandIns {

        @Bean
        MovingClock clock() {
            return new MovingClock(START);
        }

        @Bean
        RouterFunction<ServerResponse> endpoints() {
            return RouterFunctions.route()
                    .GET("/api/v1/probe", r -> ServerResponse.ok().body("read"))
                    .POST("/api/v1/probe", r -> ServerResponse.ok().body("changed"))
                    .GET("/v/{token}", r -> ServerResponse.ok().body("certificate"))
                    .POST("/pki/tsa", r -> ServerResponse.ok().body("timestamp"))
                    .GET("/api/v1/public/certificates", r -> ServerResponse.ok().body("answer"))
                    .GET("/query", r -> ServerResponse.ok().body("query page"))
                    .POST("/api/v1/public/verify", r -> ServerResponse.ok().body("report"))
                    .POST("/check", r -> ServerResponse.ok().body("report page"))
                    .GET("/holder", r -> ServerResponse.ok().body("sign-in page"))
                    .POST(
                            "/holder",
                            r -> ServerResponse.ok()
                                    .body(
                                            r.servletRequest().getSession(false) == null
                                                    ? "signed in, no session"
                                                    : "session"))
                    .POST("/holder/code", r -> ServerResponse.ok().body("code checked"))
                    .build();
        }
    }

    @Test
    void aUsernameIsLockedAfterFiveWrongPasswordsAndThenRefusesEvenTheRightOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(login("alice", "guess-" + i, "192.0.2.10"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", "Basic realm=\"certhub\""));
        }

        mvc.perform(login("alice", "alice-password", "192.0.2.10"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"))
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/login-locked"));
        // from another address as well: the username is locked, whoever tries it
        mvc.perform(login("alice", "alice-password", "198.51.100.7")).andExpect(status().isTooManyRequests());
        // other users are not
        mvc.perform(login("bob", "bob-password", "198.51.100.7")).andExpect(status().isOk());
    }

    @Test
    void aLockoutEndsAfterItsTimeAndIsLongerEachTimeTheGuessingGoesOn() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(login("carol", "guess-" + i, "192.0.2.20")).andExpect(status().isUnauthorized());
        }
        mvc.perform(login("carol", "carol-password", "192.0.2.20")).andExpect(status().isTooManyRequests());

        clock.move(Duration.ofSeconds(61));
        for (int i = 0; i < 5; i++) {
            mvc.perform(login("carol", "again-" + i, "192.0.2.20")).andExpect(status().isUnauthorized());
        }
        mvc.perform(login("carol", "carol-password", "192.0.2.20"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "120"));

        clock.move(Duration.ofSeconds(121));
        mvc.perform(login("carol", "carol-password", "192.0.2.20")).andExpect(status().isOk());
    }

    @Test
    void aSuccessfulLoginResetsItsUsernamesFailures() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                mvc.perform(login("dave", "typo-" + i, "192.0.2.30")).andExpect(status().isUnauthorized());
            }
            mvc.perform(login("dave", "dave-password", "192.0.2.30")).andExpect(status().isOk());
        }
    }

    @Test
    void anAddressGuessingManyUsernamesIsLockedForEveryUsername() throws Exception {
        for (int i = 0; i < 20; i++) {
            mvc.perform(login("user" + i, "guess", "203.0.113.66")).andExpect(status().isUnauthorized());
        }

        mvc.perform(login("admin", "admin-password", "203.0.113.66"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
        // an IPv6 address counts with its /64
        for (int i = 0; i < 20; i++) {
            mvc.perform(login("user" + i, "guess", "2001:db8:1:2::" + Integer.toHexString(i + 1)))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(login("admin", "admin-password", "2001:db8:1:2:ffff::1")).andExpect(status().isTooManyRequests());
        // the administrator logs in from elsewhere
        mvc.perform(login("admin", "admin-password", "192.0.2.40")).andExpect(status().isOk());
    }

    @Test
    void aRequestThatChangesSomethingUnderTheApiNeedsXRequestedBy() throws Exception {
        mvc.perform(post("/api/v1/probe").with(httpBasic("admin", "admin-password")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/missing-requested-by"))
                .andExpect(jsonPath("$.title").value("缺少请求头 X-Requested-By (header X-Requested-By missing)"));
        mvc.perform(post("/api/v1/probe").header("X-Requested-By", " ").with(httpBasic("admin", "admin-password")))
                .andExpect(status().isForbidden());

        mvc.perform(post("/api/v1/probe")
                        .header("X-Requested-By", "certhub")
                        .with(httpBasic("admin", "admin-password")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/probe").with(httpBasic("admin", "admin-password")))
                .andExpect(status().isOk());
    }

    @Test
    void theVerificationPageIsRateLimitedPerClientAddress() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(from(get("/v/AbCdEfGhIjKlMnOp"), "192.0.2.50")).andExpect(status().isOk());
        }

        mvc.perform(from(get("/v/AbCdEfGhIjKlMnOp"), "192.0.2.50"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "20"))
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/rate-limited"));
        mvc.perform(from(get("/v/AbCdEfGhIjKlMnOp"), "192.0.2.51")).andExpect(status().isOk());

        clock.move(Duration.ofSeconds(20));
        mvc.perform(from(get("/v/AbCdEfGhIjKlMnOp"), "192.0.2.50")).andExpect(status().isOk());
        mvc.perform(from(get("/v/AbCdEfGhIjKlMnOp"), "192.0.2.50")).andExpect(status().isTooManyRequests());
    }

    @Test
    void theDemoTsaIsRateLimitedPerClientAddress() throws Exception {
        for (int i = 0; i < 2; i++) {
            mvc.perform(from(post("/pki/tsa"), "192.0.2.60")).andExpect(status().isOk());
        }

        mvc.perform(from(post("/pki/tsa"), "192.0.2.60"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        mvc.perform(from(post("/pki/tsa"), "192.0.2.61")).andExpect(status().isOk());
    }

    @Test
    void thePublicQueryNeedsNoLoginAndIsRateLimitedPerClientAddressOnItsPageAndItsApi() throws Exception {
        // the page without a query is the landing page: not counted
        for (int i = 0; i < 5; i++) {
            mvc.perform(from(get("/query"), "192.0.2.70")).andExpect(status().isOk());
        }
        mvc.perform(from(get("/api/v1/public/certificates?number=1&name=x"), "192.0.2.70"))
                .andExpect(status().isOk());
        mvc.perform(from(get("/query?number=1&name=x"), "192.0.2.70")).andExpect(status().isOk());

        mvc.perform(from(get("/api/v1/public/certificates?number=2&name=x"), "192.0.2.70"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        mvc.perform(from(get("/query?number=2&name=x"), "192.0.2.70")).andExpect(status().isTooManyRequests());
        mvc.perform(from(get("/api/v1/public/certificates?number=2&name=x"), "192.0.2.71"))
                .andExpect(status().isOk());
        // the rest of the API still needs the administrator
        mvc.perform(from(get("/api/v1/probe"), "192.0.2.71")).andExpect(status().isUnauthorized());
    }

    @Test
    void theUploadCheckNeedsNoLoginNoHeaderNoCsrfTokenAndIsRateLimitedOnItsOwn() throws Exception {
        mvc.perform(from(post("/api/v1/public/verify"), "192.0.2.80")).andExpect(status().isOk());
        mvc.perform(from(post("/api/v1/public/verify"), "192.0.2.80"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"));
        // the page's form, posted by a browser without a session
        mvc.perform(from(post("/check"), "192.0.2.81")).andExpect(status().isOk());
        mvc.perform(from(post("/check"), "192.0.2.81")).andExpect(status().isTooManyRequests());
        // the query's bucket is another
        mvc.perform(from(get("/api/v1/public/certificates?number=1&name=x"), "192.0.2.80"))
                .andExpect(status().isOk());
    }

    @Test
    void aPathSpelledWithPercentEncodingCountsAgainstThePathsOwnLimit() throws Exception {
        mvc.perform(from(post("/api/v1/public/verify"), "192.0.2.85")).andExpect(status().isOk());
        // the same endpoint to the handler mappings, which decode the path
        mvc.perform(from(post(java.net.URI.create("/api/v1/public/v%65rify")), "192.0.2.85"))
                .andExpect(status().isTooManyRequests());
        mvc.perform(from(post(java.net.URI.create("/hold%65r")), "192.0.2.86")).andExpect(status().isForbidden());
        mvc.perform(from(post(java.net.URI.create("/hold%65r")), "192.0.2.86")).andExpect(status().isForbidden());
        mvc.perform(from(post(java.net.URI.create("/hold%65r")), "192.0.2.86")).andExpect(status().isTooManyRequests());
    }

    @Test
    void theHoldersSignInIsRateLimitedPerClientAddressBeforeItsCsrfTokenIsChecked() throws Exception {
        // without a token: refused by the CSRF check, so the limit came first
        mvc.perform(from(post("/holder"), "192.0.2.90")).andExpect(status().isForbidden());
        mvc.perform(from(post("/holder/code"), "192.0.2.90")).andExpect(status().isForbidden());

        mvc.perform(from(post("/holder"), "192.0.2.90"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"));
        mvc.perform(from(post("/holder/code"), "192.0.2.90")).andExpect(status().isTooManyRequests());
        // the form itself is not counted, nor another address
        mvc.perform(from(get("/holder"), "192.0.2.90")).andExpect(status().isOk());
        mvc.perform(from(post("/holder"), "192.0.2.91")).andExpect(status().isForbidden());
    }

    @Test
    void aFormPostedWithTheCsrfTokenOfItsCookieGetsThroughWithoutAnHttpSession() throws Exception {
        // the token a page rendered on one node, posted to another: it lives in the browser's cookie, not a session
        String token = "8d2c5e0a-6f1b-4c4e-9a7d-3b9f1e2d4c5a";
        byte[] raw = token.getBytes(StandardCharsets.UTF_8);
        byte[] masked = new byte[raw.length * 2];
        new java.security.SecureRandom().nextBytes(masked);
        for (int i = 0; i < raw.length; i++) {
            masked[raw.length + i] = (byte) (masked[i] ^ raw[i]);
        }
        String formToken = Base64.getUrlEncoder().encodeToString(masked);

        mvc.perform(from(post("/holder"), "192.0.2.95")
                        .cookie(new jakarta.servlet.http.Cookie("certhub-csrf", token))
                        .param("_csrf", formToken))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string("signed in, no session"));
        mvc.perform(from(post("/holder"), "192.0.2.96")
                        .cookie(new jakarta.servlet.http.Cookie("certhub-csrf", "another-token"))
                        .param("_csrf", formToken))
                .andExpect(status().isForbidden());
    }

    private static MockHttpServletRequestBuilder login(String username, String password, String address) {
        return from(get("/api/v1/probe"), address).with(httpBasic(username, password));
    }

    private static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String address) {
        return request.with(remoteAddress(address));
    }

    private static RequestPostProcessor httpBasic(String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request -> {
            request.addHeader("Authorization", "Basic " + token);
            return request;
        };
    }

    private static RequestPostProcessor remoteAddress(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** A clock that stands still until the test moves it. */
    static final class MovingClock extends Clock {

        private final AtomicReference<Instant> now;

        MovingClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void move(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
