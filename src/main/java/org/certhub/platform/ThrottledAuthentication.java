package org.certhub.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * Password logins through the {@link LoginThrottle}: a locked username or client address is refused before the
 * password is hashed (no bcrypt for a guess made during a lockout); a wrong password counts, a right one resets its
 * username.
 */
final class ThrottledAuthentication implements AuthenticationManager {

    private final AuthenticationManager passwords;
    private final LoginThrottle throttle;

    ThrottledAuthentication(AuthenticationManager passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication login) {
        String username = login.getName();
        String address = login.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        var locked = throttle.lockedFor(username, address);
        if (locked.isPresent()) {
            throw new LoginLockedException(locked.get());
        }
        try {
            Authentication authenticated = passwords.authenticate(login);
            throttle.succeeded(username);
            return authenticated;
        } catch (BadCredentialsException e) {
            throttle.failed(username, address);
            throw e;
        }
    }

    /** A login refused, unchecked, because its username or its client address is locked. */
    static final class LoginLockedException extends AuthenticationException {

        private final transient Duration retryAfter;

        LoginLockedException(Duration retryAfter) {
            super("too many failed logins");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** 429 with {@code Retry-After} for a locked login; otherwise HTTP Basic's 401 challenge. */
    static final class EntryPoint implements AuthenticationEntryPoint {

        private final BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();

        EntryPoint() {
            basic.setRealmName("certhub");
        }

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
                throws IOException {
            if (e instanceof LoginLockedException locked) {
                Refusal.tooMany(
                                "login-locked",
                                "登录失败次数过多 (too many failed logins)",
                                "该用户名或客户端地址的登录已暂时锁定，请稍后再试 (logins of this username or from this client "
                                        + "address are locked for a while; try again later)")
                        .write(request, response, locked.retryAfter());
                return;
            }
            basic.commence(request, response, e);
        }
    }
}
