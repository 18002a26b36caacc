package org.certhub.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.LicenceStatus;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.VersionState;
import org.junit.jupiter.api.Test;

class PublicViewTests {

    private static final Catalogue CATALOGUE = Catalogue.load(Path.of("config/catalog"));

    private static LicenceVersionView issued(LocalDate on) {
        return new LicenceVersionView(
                1,
                1,
                "11100000000013338W011",
                "id",
                1,
                "苏建安B(2026)0000001",
                LicenceStatus.VALID,
                VersionState.PUBLISHED,
                Map.of(
                        "holderName",
                        "张三",
                        "holderIdNumber",
                        "11010519491231002X",
                        "companyName",
                        "江苏建工",
                        "category",
                        "B",
                        "birthDate",
                        "1949-12-31"),
                on,
                on,
                on,
                on.plusYears(3).minusDays(1),
                "token",
                null,
                null,
                null,
                1,
                null,
                null,
                org.certhub.licence.Operation.NEW,
                null,
                null);
    }

    @Test
    void aValidCertificateShowsAsValidUntilItsLastDay() {
        var view = new VerificationController.PublicView(
                CATALOGUE.get("11100000000013338W011"),
                issued(LocalDate.of(2026, 11, 27)),
                LocalDate.of(2029, 11, 26),
                java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(view.valid()).isTrue();
        assertThat(view.status()).isEqualTo("有效");
        assertThat(view.holderCode()).isEqualTo("110***********002X");
        assertThat(view.details())
                .extracting(VerificationController.Line::label)
                .containsExactly("企业名称", "岗位类别")
                .doesNotContain("出生日期");
    }

    @Test
    void inEnglishTheCatalogueSaysItsLabelsValuesNameAndAuthorityInEnglish() {
        var view = new VerificationController.PublicView(
                CATALOGUE.get("11100000000013338W011"),
                issued(LocalDate.of(2026, 11, 27)),
                LocalDate.of(2027, 1, 1),
                java.time.ZoneId.of("Asia/Shanghai"),
                true);
        assertThat(view.name()).startsWith("Certificate of Safety Production Qualification");
        assertThat(view.issuer()).isEqualTo("Department of Housing and Urban-Rural Development of Jiangsu Province");
        assertThat(view.details())
                .extracting(VerificationController.Line::label, VerificationController.Line::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Company", "江苏建工"),
                        org.assertj.core.groups.Tuple.tuple("Category", "B"));
        // the holder's data are the holder's, in any language
        assertThat(view.holderName()).isEqualTo("张三");
    }

    @Test
    void theDayAfterItsLastDayItShowsAsExpired() {
        var view = new VerificationController.PublicView(
                CATALOGUE.get("11100000000013338W011"),
                issued(LocalDate.of(2026, 11, 27)),
                LocalDate.of(2029, 11, 27),
                java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(view.valid()).isFalse();
        assertThat(view.status()).isEqualTo("失效");
    }
}
