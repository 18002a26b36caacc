package org.certhub.publish;

import org.certhub.platform.CerthubPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishConfiguration {

    @Bean
    PublicationTarget outboxTarget(CerthubPaths paths) {
        return new OutboxTarget(paths.outbox());
    }
}
