package org.certhub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTests {

    @Test
    void theShippedCatalogueLoads() {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        CertificateType type = catalogue.get("11100000000013338W011");
        assertThat(type.name()).isEqualTo("建筑施工企业安全生产管理人员安全生产考核合格证书");
        assertThat(type.issuingAuthority().name()).isEqualTo("江苏省住房和城乡建设厅");
        assertThat(type.field("category").orElseThrow().values()).containsOnlyKeys("A", "B", "C1", "C2", "C3");
        assertThat(type.validTo(LocalDate.of(2026, 11, 27))).isEqualTo(LocalDate.of(2029, 11, 26));
    }

    @Test
    void anInvalidFileNamesItselfAndTheProblem(@TempDir Path dir) throws IOException {
        String valid = Files.readString(Path.of("config/catalog/safety-management-staff.yaml"));
        Files.writeString(dir.resolve("broken.yaml"), valid.replace("11320000014000179U", "11320000014000179A"));
        assertThatThrownBy(() -> Catalogue.load(dir))
                .isInstanceOf(InvalidCatalogueException.class)
                .hasMessageContaining("broken.yaml")
                .hasMessageContaining("issuingAuthority.creditCode");
    }

    @Test
    void anUnknownKeyIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        String valid = Files.readString(Path.of("config/catalog/safety-management-staff.yaml"));
        Files.writeString(dir.resolve("typo.yaml"), valid.replace("validity: P3Y", "valdity: P3Y"));
        assertThatThrownBy(() -> Catalogue.load(dir))
                .hasMessageContaining("typo.yaml")
                .hasMessageContaining("valdity");
    }

    @Test
    void aNumberRuleOverAnUnknownFieldIsRefused(@TempDir Path dir) throws IOException {
        String valid = Files.readString(Path.of("config/catalog/safety-management-staff.yaml"));
        Files.writeString(dir.resolve("rule.yaml"), valid.replace("{category}", "{grade}"));
        assertThatThrownBy(() -> Catalogue.load(dir))
                .hasMessageContaining("rule.yaml")
                .hasMessageContaining("{grade}");
    }

    @Test
    void englishTextsMayOnlyNameFieldsCodesAndGroupsThatExist(@TempDir Path dir) throws IOException {
        String valid = Files.readString(Path.of("config/catalog/safety-management-staff.yaml"));
        Files.writeString(dir.resolve("label.yaml"), valid.replace("    companyName: Company", "    firm: Company"));
        assertThatThrownBy(() -> Catalogue.load(dir))
                .hasMessageContaining("label.yaml")
                .hasMessageContaining("english.labels names no field: firm");
        Files.delete(dir.resolve("label.yaml"));
        Files.writeString(dir.resolve("code.yaml"), valid.replace("\"99\": other", "\"98\": other"));
        assertThatThrownBy(() -> Catalogue.load(dir)).hasMessageContaining("english.values.position has no code 98");
    }

    @Test
    void anEmptyFolderIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> Catalogue.load(dir)).hasMessageContaining("no certificate type");
    }

    @Test
    void theFilesAreReadAndAFormatThatCannotStandAloneOrIsUnknownIsRefused(@TempDir Path dir) throws IOException {
        String valid = Files.readString(Path.of("config/catalog/safety-management-staff.yaml"))
                .replace("files: [pdf, ofd]\n", "");
        Files.writeString(dir.resolve("t.yaml"), valid);
        assertThat(Catalogue.load(dir).get("11100000000013338W011").sealing().files())
                .as("a type that says nothing issues a PDF")
                .containsExactly(FileFormat.PDF);
        Files.writeString(dir.resolve("t.yaml"), valid + "\nfiles: [ofd, pdf]\nsealing: { ofdSeal: sm2-seal }\n");
        var type = Catalogue.load(dir).get("11100000000013338W011");
        assertThat(type.sealing().files()).containsExactlyInAnyOrder(FileFormat.PDF, FileFormat.OFD);
        assertThat(type.sealing().ofdSeal()).isEqualTo("sm2-seal");
        assertThat(type.sealing().issuesOfd()).isTrue();
        for (String files : List.of("[ofd]", "[pdf, docx]", "[pdf, pdf]", "[]")) {
            Files.writeString(dir.resolve("t.yaml"), valid + "\nfiles: " + files + "\n");
            assertThatThrownBy(() -> Catalogue.load(dir))
                    .as(files)
                    .isInstanceOf(InvalidCatalogueException.class)
                    .hasMessageContaining("files:");
        }
    }

    @Test
    void aSealingBlockIsReadAndAnUnknownLevelIsRefused(@TempDir Path dir) throws IOException {
        String valid = Files.readString(Path.of("config/catalog/safety-management-staff.yaml"));
        Files.writeString(
                dir.resolve("sealed.yaml"),
                valid + "\nsealing: { seal: jiangsu-housing, level: b-lt, manual: true }\n");
        CertificateType type = Catalogue.load(dir).get("11100000000013338W011");
        // the demo type issues a PDF and an OFD
        assertThat(type.sealing())
                .isEqualTo(new SealingPolicy(
                        "jiangsu-housing",
                        SignatureLevel.B_LT,
                        true,
                        null,
                        java.util.Set.of(FileFormat.PDF, FileFormat.OFD)));

        Files.writeString(dir.resolve("sealed.yaml"), valid + "\nsealing: { level: B-LTV }\n");
        assertThatThrownBy(() -> Catalogue.load(dir))
                .hasMessageContaining("sealed.yaml")
                .hasMessageContaining("sealing.level")
                .hasMessageContaining("B-LTV");
    }

    @Test
    void aTypeWithoutSealingIsSealedAtBaselineBWithTheDefaultSeal() {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        assertThat(catalogue.get("11100000000013338W032").sealing()).isEqualTo(SealingPolicy.DEFAULT);
    }

    @Test
    void theSafetyManagementCertificateValidForYearsIsSealedAtBlta() {
        var catalogue = Catalogue.load(Path.of("config/catalog"));
        assertThat(catalogue.get("11100000000013338W011").sealing().level()).isEqualTo(SignatureLevel.B_LTA);
    }
}
