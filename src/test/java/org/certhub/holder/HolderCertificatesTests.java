package org.certhub.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.certhub.issuance.RecordProcessors;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.VersionState;
import org.certhub.testing.Catalogues;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a holder signs in with, and which certificates are theirs: every licence's version in force. */
class HolderCertificatesTests {

    private static final String ZHANG = RawRecords.idNumber(11);
    private static final String LI = RawRecords.idNumber(12);

    @TempDir
    Path dir;

    @Test
    void theIdNumberNameAndANumberOfTheHoldersNameTheHolderAndNothingElseDoes() {
        var hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        var licences = Licences.in(hub);
        var first = licences.issue(RawRecords.examSystem("张三", ZHANG));
        var second = licences.issue(RawRecords.examSystem("张三", ZHANG).with("岗位类别", "B"));
        var other = licences.issue(RawRecords.examSystem("李四", LI));
        var certificates = new HolderCertificates(hub.library(), hub.catalogue());

        assertThat(certificates.of(ZHANG))
                .extracting(LicenceVersionView::number)
                .containsExactly(second.number(), first.number());
        assertThat(certificates.holderOf(SignInForm.of(ZHANG, "张三", first.number())))
                .contains(ZHANG);
        assertThat(certificates.holderOf(
                        SignInForm.of(ZHANG, " 张 三", second.number().replace("(", "（"))))
                .as("typed on a phone")
                .contains(ZHANG);
        assertThat(certificates.holderOf(SignInForm.of(ZHANG, "张四", first.number())))
                .as("wrong name")
                .isEmpty();
        assertThat(certificates.holderOf(SignInForm.of(ZHANG, "张三", other.number())))
                .as("another holder's number")
                .isEmpty();
        assertThat(certificates.holderOf(SignInForm.of(LI, "张三", first.number())))
                .as("another ID number")
                .isEmpty();
        assertThat(certificates.holderOf(SignInForm.of(RawRecords.idNumber(13), "张三", first.number())))
                .as("an unknown ID number")
                .isEmpty();
        assertThat(certificates.ofHolder(ZHANG, other.identifier())).isEmpty();
        assertThat(certificates.ofHolder(ZHANG, first.identifier())).isPresent();
    }

    @Test
    void aVersionWaitingForASealerIsNotYetTheHoldersCertificateAndTheOneBeforeItStaysInForce() {
        String type = InMemoryHub.SAFETY_STAFF;
        var hub = InMemoryHub.at(
                InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT,
                dir,
                Catalogues.withManualSealing(dir.resolve("catalog"), type));
        var certificates = new HolderCertificates(hub.library(), hub.catalogue());
        var issued = Licences.in(hub).issue(RawRecords.examSystem("张三", ZHANG));

        assertThat(certificates.of(ZHANG)).as("waits for a sealer").isEmpty();
        assertThat(certificates.holderOf(SignInForm.of(ZHANG, "张三", issued.number())))
                .isEmpty();

        hub.manualSealing().release(issued.versionId());
        Licences.in(hub).seal(issued.versionId());
        assertThat(certificates.of(ZHANG)).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(HolderCertificates.sealed(v)).isTrue();
        });

        RecordProcessors.on(hub)
                .process(java.util.List.of(hub.receive(RawRecords.cityBureau("延续", issued.number(), "HC-RENEW-1"))));
        assertThat(hub.library().findByNumber(issued.number()))
                .extracting(LicenceVersionView::state)
                .containsExactly(VersionState.SIGNED, VersionState.AWAITING_SEAL);

        assertThat(certificates.of(ZHANG)).singleElement().satisfies(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.superseded()).as("the certificate in force").isFalse();
            assertThat(v.identifier()).isEqualTo(issued.identifier());
        });
    }
}
