package org.certhub.intake;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How deliveries are read and stored ({@code certhub.intake.*}).
 *
 * @param batchSize    rows of a file or a pushed request stored and issued per transaction
 * @param fileMinAge   milliseconds a dropped file must stay unchanged before a file-drop route reads it
 * @param maxFileSize  a larger dropped file is refused before it is read
 * @param maxRowLength characters; a longer CSV row refuses the file, naming the row
 * @param minFreeSpace file intake pauses (dropped files wait in their inboxes, health DOWN) while the data or the
 *                     inbox folder has less free space than this
 */
@ConfigurationProperties("certhub.intake")
@Validated
record IntakeSettings(
        @Min(1) @DefaultValue("200") int batchSize,
        @Min(0) @DefaultValue("1000") long fileMinAge,
        @NotNull @DefaultValue("1GB") DataSize maxFileSize,
        @Min(1) @DefaultValue("1048576") int maxRowLength,
        @NotNull @DefaultValue("512MB") DataSize minFreeSpace) {

    IntakeSettings {
        if (maxFileSize != null && maxFileSize.toBytes() < 1) {
            throw new IllegalArgumentException("certhub.intake.max-file-size must be at least 1 byte: " + maxFileSize);
        }
    }
}
