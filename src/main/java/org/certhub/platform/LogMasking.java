package org.certhub.platform;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import org.certhub.codes.CitizenIdNumber;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;
import org.springframework.boot.logging.logback.WhitespaceThrowableProxyConverter;

/**
 * The one masking layer of the log: {@code src/main/resources/logback-spring.xml} puts these converters in place of
 * Logback's and Spring Boot's message and exception conversion words ({@code %m %msg %message}, {@code %ex %wEx
 * %xEx %rEx} and their long names), so that every log line, whoever wrote it (the hub, Camel, Spring, a driver), and
 * every stack trace with its causes and suppressed exceptions pass through {@link CitizenIdNumber#maskWithin} — in
 * Spring Boot's patterns and in any pattern an operator sets with {@code logging.pattern.*}.
 */
public final class LogMasking {

    private LogMasking() {}

    /** {@code %m}, {@code %msg}, {@code %message}. */
    public static class Message extends MessageConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return CitizenIdNumber.maskWithin(super.convert(event));
        }
    }

    /** {@code %ex}, {@code %exception}, {@code %throwable}. */
    public static class StackTrace extends ThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return CitizenIdNumber.maskWithin(super.throwableProxyToString(proxy));
        }
    }

    /** {@code %xEx}, {@code %xException}, {@code %xThrowable}. */
    public static class ExtendedThrowable extends ExtendedThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return CitizenIdNumber.maskWithin(super.throwableProxyToString(proxy));
        }
    }

    /** {@code %rEx}, {@code %rootException}. */
    public static class RootCauseFirstThrowable extends RootCauseFirstThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return CitizenIdNumber.maskWithin(super.throwableProxyToString(proxy));
        }
    }

    /** Spring Boot's {@code %wex}. */
    public static class WhitespaceThrowable extends WhitespaceThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return CitizenIdNumber.maskWithin(super.throwableProxyToString(proxy));
        }
    }

    /** Spring Boot's {@code %wEx}, the exception word of its default patterns. */
    public static class ExtendedWhitespaceThrowable extends ExtendedWhitespaceThrowableProxyConverter {
        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return CitizenIdNumber.maskWithin(super.throwableProxyToString(proxy));
        }
    }
}
