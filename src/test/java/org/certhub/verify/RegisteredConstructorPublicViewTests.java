package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.Operation;
import org.certhub.licence.VersionState;
import org.junit.jupiter.api.Test;

class RegisteredConstructorPublicViewTests {

    private static final Catalogue CATALOGUE = Catalogue.load(Path.of("config/catalog"));

    @Test
    void thePublicPageListsEverySpecialtyWithItsValidity() {
        var data = Map.of(
                "holderName",
                "张伟",
                "holderIdNumber",
                "32010219850612131X",
                "employerName",
                "南京建设有限公司",
                "registrationNumber",
                "苏232202100001",
                "specialties[0].specialty",
                "JZ",
                "specialties[0].validTo",
                "2029-11-19",
                "specialties[1].specialty",
                "SZ",
                "specialties[1].validTo",
                "2028-06-30");
        LocalDate on = LocalDate.of(2026, 11, 27);
        var v = new LicenceVersionView(
                1,
                1,
                "11100000000013338W001",
                "id",
                1,
                "苏232202100001",
                LicenceStatus.VALID,
                VersionState.PUBLISHED,
                data,
                on,
                on,
                on,
                LocalDate.of(2029, 11, 19),
                "token",
                null,
                null,
                null,
                1,
                null,
                null,
                Operation.NEW,
                null,
                null);
        var view = new VerificationController.PublicView(
                CATALOGUE.get("11100000000013338W001"), v, on, java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(view.details())
                .extracting(VerificationController.Line::label, VerificationController.Line::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("聘用企业", "南京建设有限公司"),
                        org.assertj.core.groups.Tuple.tuple("注册专业", "建筑工程（有效期至 2029-11-19）；市政公用工程（有效期至 2028-06-30）"));
        assertThat(view.validTo()).isEqualTo("2029-11-19");
        assertThat(view.holderCode()).doesNotContain("19850612");

        var english = new VerificationController.PublicView(
                CATALOGUE.get("11100000000013338W001"), v, on, java.time.ZoneId.of("Asia/Shanghai"), true);
        assertThat(english.name()).isEqualTo("Registration Certificate of Constructor (Second Class)");
        assertThat(english.issuer()).isEqualTo("Department of Housing and Urban-Rural Development of Jiangsu Province");
        assertThat(english.details())
                .extracting(VerificationController.Line::label, VerificationController.Line::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Employer", "南京建设有限公司"),
                        org.assertj.core.groups.Tuple.tuple(
                                "Registered specialties",
                                "building construction (valid until 2029-11-19); municipal public works (valid until "
                                        + "2028-06-30)"));
    }
}
