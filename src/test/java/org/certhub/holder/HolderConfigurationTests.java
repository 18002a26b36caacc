package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class HolderConfigurationTests {

    private final HolderConfiguration configuration = new HolderConfiguration();

    @Test
    void productionModeWithOneTimeCodesRefusesTheDemosNotifierThatLogsThem() {
        var production = new MockEnvironment().withProperty("certhub.mode", "production");

        assertThatThrownBy(() -> configuration.loggingHolderNotifier(
                        HolderSettingsFor.with(Map.of("one-time-code", "on")), production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("certhub.holder.one-time-code is on, but no HolderNotifier bean sends the codes");
        assertThat(configuration.loggingHolderNotifier(HolderSettingsFor.defaults(), production))
                .as("reminders only: logged, nothing leaks")
                .isInstanceOf(LoggingHolderNotifier.class);
        assertThat(configuration.loggingHolderNotifier(
                        HolderSettingsFor.with(Map.of("one-time-code", "on")), new MockEnvironment()))
                .as("demo mode")
                .isInstanceOf(LoggingHolderNotifier.class);
    }

    @Test
    void oneTimeCodesAreOffUnlessSetOnAndTheSettingReadsOnAndOff() {
        assertThat(HolderSettingsFor.defaults().oneTimeCode()).isFalse();
        assertThat(HolderSettingsFor.with(Map.of("one-time-code", "on")).oneTimeCode())
                .isTrue();
        assertThat(HolderSettingsFor.with(Map.of("one-time-code", "off")).oneTimeCode())
                .isFalse();
        assertThat(HolderSettingsFor.defaults().reminders().days()).containsExactly(7, 30);
    }
}
