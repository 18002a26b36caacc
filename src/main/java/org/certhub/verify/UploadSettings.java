package org.certhub.verify;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The upload check ({@code certhub.verify.*}).
 *
 * @param maxFileSize the largest file it takes (a sealed demo certificate is under 100 KB); a larger one is refused
 *                    with 413 before it is read whole
 */
@ConfigurationProperties("certhub.verify")
@Validated
record UploadSettings(@NotNull @DefaultValue("10MB") DataSize maxFileSize) {}
