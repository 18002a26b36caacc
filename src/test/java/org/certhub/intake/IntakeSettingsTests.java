package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** A wrong {@code certhub.intake.*} setting stops the start, and the operator reads which key and why. */
@ExtendWith(OutputCaptureExtension.class)
class IntakeSettingsTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IntakeSettings.class)
    static class OnlyIntakeSettings {}

    private static void start(String... args) {
        new SpringApplicationBuilder(OnlyIntakeSettings.class)
                .web(WebApplicationType.NONE)
                .run(args)
                .close();
    }

    @Test
    void aBatchSizeOfZeroStopsTheStartNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--certhub.intake.batch-size=0")).isInstanceOf(RuntimeException.class);
        assertThat(output)
                .contains(
                        "APPLICATION FAILED TO START",
                        "Origin: \"certhub.intake.batch-size\" from property source \"commandLineArgs\"",
                        "Reason: must be greater than or equal to 1");
    }

    @Test
    void anEmptyFileSizeLimitStopsTheStartNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--certhub.intake.max-file-size=0B")).isInstanceOf(RuntimeException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START", "certhub.intake.max-file-size must be at least 1 byte");
    }

    @Test
    void nothingSetMeansTheDefaults() {
        try (var context = new SpringApplicationBuilder(OnlyIntakeSettings.class)
                .web(WebApplicationType.NONE)
                .run()) {
            assertThat(context.getBean(IntakeSettings.class))
                    .isEqualTo(new IntakeSettings(
                            200, 1000, DataSize.ofGigabytes(1), 1_048_576, DataSize.ofMegabytes(512)));
        }
    }
}
