package org.certhub.holder;

import org.certhub.platform.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class HolderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HolderConfiguration.class);

    /**
     * The demo's notifier, unless a bean of the department's gateway is there. In production mode with one-time codes
     * on it would let whoever reads the log sign in as any holder with a contact on record: the start stops.
     */
    @Bean
    @ConditionalOnMissingBean(HolderNotifier.class)
    HolderNotifier loggingHolderNotifier(HolderSettings settings, Environment environment) {
        if (settings.oneTimeCode() && Mode.of(environment) == Mode.PRODUCTION) {
            throw new IllegalStateException(
                    "certhub.holder.one-time-code is on, but no HolderNotifier bean sends the "
                            + "codes: the demo's would write them to the log. Provide a HolderNotifier for the SMS gateway or "
                            + "mail server (docs/verification.md, \"The holder's corner\"), or set certhub.holder.one-time-code=off");
        }
        log.info("Messages to holders (one-time codes, expiry reminders) are written to the log, not sent: provide a "
                + "HolderNotifier bean for an SMS gateway or mail server");
        return new LoggingHolderNotifier();
    }
}
