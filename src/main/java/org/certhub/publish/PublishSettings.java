package org.certhub.publish;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The publish stage ({@code certhub.publish.*}).
 *
 * @param workers parallel publishing consumers of the publish queue
 */
@ConfigurationProperties("certhub.publish")
@Validated
record PublishSettings(@Min(1) @DefaultValue("1") int workers) {}
