package org.certhub.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registered-constructor type: a repeating group of specialties, each with its own validity, the licence valid
 * until the latest of them, and the number taken from the registration system.
 */
class RegisteredConstructorTypeTests {

    private static final Path SHIPPED = Path.of("config/catalog/registered-constructor.yaml");
    private static final CertificateType TYPE =
            Catalogue.load(Path.of("config/catalog")).get("11100000000013338W001");

    private static Map<String, String> twoSpecialties() {
        var data = new LinkedHashMap<String, String>();
        data.put("registrationNumber", "苏232202100001");
        data.put("specialties[0].specialty", "JZ");
        data.put("specialties[0].validTo", "2029-11-19");
        data.put("specialties[1].specialty", "SZ");
        data.put("specialties[1].validTo", "2028-06-30");
        return data;
    }

    @Test
    void theShippedTypeLoadsWithItsGroup() {
        assertThat(TYPE.name()).isEqualTo("二级建造师注册证书");
        FieldDefinition specialties = TYPE.field("specialties").orElseThrow();
        assertThat(specialties.type()).isEqualTo(FieldType.GROUP);
        assertThat(specialties.fields()).extracting(FieldDefinition::name).containsExactly("specialty", "validTo");
        assertThat(specialties.fields().get(0).values())
                .containsValues("建筑工程", "市政公用工程", "机电工程", "公路工程", "水利水电工程", "矿业工程");
        assertThat(TYPE.numbering().counted()).isFalse();
        assertThat(TYPE.numbering().sourceField()).contains("registrationNumber");
    }

    @Test
    void theLicenceIsValidUntilTheLatestSpecialty() {
        assertThat(TYPE.validTo(LocalDate.of(2026, 11, 27), twoSpecialties())).isEqualTo(LocalDate.of(2029, 11, 19));
        assertThat(TYPE.validityFromData()).isTrue();
    }

    @Test
    void eachItemReadsAsItsSpecialtyWithItsValidity() {
        assertThat(TYPE.field("specialties").orElseThrow().displayItems(twoSpecialties(), LocalDate::toString))
                .containsExactly("建筑工程（有效期至 2029-11-19）", "市政公用工程（有效期至 2028-06-30）");
    }

    @Test
    void aChangeThatListsSpecialtiesReplacesThemAll() {
        var change =
                Map.of("specialties[0].specialty", "JD", "specialties[0].validTo", "2030-01-31", "employerName", "新单位");
        Map<String, String> merged = TYPE.withChanges(twoSpecialties(), change);
        assertThat(merged)
                .containsEntry("specialties[0].specialty", "JD")
                .containsEntry("employerName", "新单位")
                .containsEntry("registrationNumber", "苏232202100001")
                .doesNotContainKeys("specialties[1].specialty", "specialties[1].validTo");
        assertThat(TYPE.withChanges(twoSpecialties(), Map.of("employerName", "新单位")))
                .containsEntry("specialties[1].specialty", "SZ");
    }

    @Test
    void theSafetyManagementTypeKeepsItsPeriod() {
        CertificateType safety = Catalogue.load(Path.of("config/catalog")).get("11100000000013338W011");
        assertThat(safety.validityFromData()).isFalse();
        assertThat(safety.validTo(LocalDate.of(2026, 11, 27), Map.of())).isEqualTo(LocalDate.of(2029, 11, 26));
    }

    @Test
    void aGroupWithoutFieldsIsRefused(@TempDir Path dir) throws IOException {
        write(
                dir,
                shipped()
                        .replaceFirst(
                                "(?s)    fields:\n      - name: specialty.*?      - \\{ name: validTo[^\n]*\n",
                                "    fields: []\n"));
        assertThatThrownBy(() -> Catalogue.load(dir))
                .isInstanceOf(InvalidCatalogueException.class)
                .hasMessageContaining("group specialties has no fields");
    }

    @Test
    void anItemFormatOverAnUnknownSubFieldIsRefused(@TempDir Path dir) throws IOException {
        write(dir, shipped().replace("（有效期至 {validTo}）", "（有效期至 {validUntil}）"));
        assertThatThrownBy(() -> Catalogue.load(dir)).hasMessageContaining("{validUntil}");
    }

    @Test
    void validToFromMustNameARequiredDateOfARequiredGroup(@TempDir Path dir) throws IOException {
        write(dir, shipped().replace("validToFrom: specialties.validTo", "validToFrom: specialties.specialty"));
        assertThatThrownBy(() -> Catalogue.load(dir)).hasMessageContaining("validToFrom");
    }

    @Test
    void validityAndValidToFromTogetherAreRefused(@TempDir Path dir) throws IOException {
        write(
                dir,
                shipped()
                        .replace(
                                "validToFrom: specialties.validTo", "validToFrom: specialties.validTo\nvalidity: P3Y"));
        assertThatThrownBy(() -> Catalogue.load(dir)).hasMessageContaining("either validity or validToFrom");
    }

    @Test
    void aNumberTakenFromAFieldNeedsAPatternThatChecksItsShape(@TempDir Path dir) throws IOException {
        write(dir, shipped().replace("    pattern: \"苏232\\\\d{2}\\\\d{2}\\\\d{5}\"\n", ""));
        assertThatThrownBy(() -> Catalogue.load(dir))
                .hasMessageContaining("{registrationNumber}")
                .hasMessageContaining("pattern");
    }

    @Test
    void anExampleThatDoesNotMatchItsPatternIsRefused(@TempDir Path dir) throws IOException {
        write(dir, shipped().replace("example: 苏232202100001", "example: 苏23220210001"));
        assertThatThrownBy(() -> Catalogue.load(dir)).hasMessageContaining("example");
    }

    @Test
    void numberRuleFromOneFieldAlone() {
        var rule = new NumberRule("{registrationNumber}");
        assertThat(rule.counted()).isFalse();
        assertThat(rule.format(Map.of("registrationNumber", "苏232202100001"))).isEqualTo("苏232202100001");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> rule.format(Map.of()))
                .withMessageContaining("{registrationNumber}");
        // literal text around a field still needs a counter, and {year} alone is no number
        assertThatIllegalArgumentException().isThrownBy(() -> new NumberRule("苏{registrationNumber}"));
        assertThatIllegalArgumentException().isThrownBy(() -> new NumberRule("{year}"));
        assertThatIllegalArgumentException().isThrownBy(() -> new NumberRule("{a}{b}"));
        assertThat(new NumberRule("苏建安{category}({year}){serial:7}").counted()).isTrue();
    }

    private static String shipped() throws IOException {
        return Files.readString(SHIPPED);
    }

    private static void write(Path dir, String yaml) throws IOException {
        Files.writeString(dir.resolve("registered-constructor.yaml"), yaml);
    }
}
