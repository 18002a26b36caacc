package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.certhub.licence.FailedStage;
import org.certhub.licence.LicenceEvent;
import org.certhub.licence.VersionState;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign stage on its own, when sealing fails for a reason that does not pass (here: the type's seal was removed
 * from the configuration): the version is tried a bounded number of times, then FAILED with the reason.
 */
class SigningStageTests {

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private Licences licences;
    private SigningStage stage;

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        licences = Licences.in(hub);
        SealRegistry noSeals = sealId -> {
            throw new IllegalArgumentException("no seal '" + sealId + "' is configured");
        };
        stage = SigningStages.sealingWith(noSeals, 3, hub.library(), hub.catalogue(), hub.paths(), hub.clock());
    }

    @Test
    void aVersionThatCannotBeSealedFailsTheBatchUntilItsLastAttemptThenIsFailedWithTheReason() {
        Licences.Issued issued = licences.issue(RawRecords.examSystem());

        SigningStage.Batch first = stage.signAll(List.of(issued.versionId()));
        SigningStage.Batch second = stage.signAll(List.of(issued.versionId()));

        assertThat(first.failure()).as("the broker redelivers the batch").hasMessageContaining("no seal");
        assertThat(second.failure()).isNotNull();
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PENDING_SIGN);

        SigningStage.Batch last = stage.signAll(List.of(issued.versionId()));

        assertThat(last.failure()).as("nothing retries it: the message is done").isNull();
        assertThat(last.sealed()).isEmpty();
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.FAILED);
        assertThat(hub.library().failed(10)).singleElement().satisfies(f -> {
            assertThat(f.stage()).isEqualTo(FailedStage.SIGN);
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.reason()).contains("no seal");
        });
        assertThat(hub.events(LicenceEvent.VersionFailed.class)).hasSize(1);
        assertThat(stage.signAll(List.of(issued.versionId())).failure())
                .as("a late redelivery leaves it alone")
                .isNull();

        assertThat(hub.library().retryFailed(issued.versionId(), "admin")).contains(FailedStage.SIGN);
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PENDING_SIGN);
        assertThat(stage.signAll(List.of(issued.versionId())).failure())
                .as("counted from zero again")
                .isNotNull();
        assertThat(hub.library().findVersion(issued.versionId()).orElseThrow().state())
                .isEqualTo(VersionState.PENDING_SIGN);
    }
}
