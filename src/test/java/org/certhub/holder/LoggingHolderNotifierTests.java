package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingHolderNotifierTests {

    @Test
    void theDemosNotifierWritesTheMessageToTheLogWithTheAddressMasked() {
        var logger = (Logger) LoggerFactory.getLogger(LoggingHolderNotifier.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            new LoggingHolderNotifier().send(HolderContact.mobile("13812345678"), "您的证照本人查询验证码为 123456");
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("138****5678", "SMS", "验证码为 123456", "not sent")
                .doesNotContain("13812345678");
    }
}
