package org.certhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.licence.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registration system's mapping and the checks of a repeating group: registrations with their specialties in,
 * canonical items or reasons that name the item out.
 */
class RegistrationSystemMappingTests {

    private static final Catalogue CATALOGUE = Catalogue.load(Path.of("config/catalog"));
    private static final Mappings MAPPINGS = Mappings.load(Path.of("mappings"), CATALOGUE);
    private static final CertificateType TYPE = CATALOGUE.get("11100000000013338W001");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    private final Normalizer normalizer = new Normalizer(MAPPINGS, CATALOGUE);

    /** A registration message as the JSON reader flattens it. */
    private static Map<String, String> registration(String... specialties) {
        var m = new LinkedHashMap<String, String>();
        m.put("businessType", "初始注册");
        m.put("registrationNumber", "苏232202100001");
        m.put("approvedOn", "2026-11-20");
        m.put("person.name", "张伟");
        m.put("person.gender", "男");
        m.put("person.idNumber", "32010219850612131X");
        m.put("employer.name", "南京建设有限公司");
        m.put("employer.creditCode", "91320100134751234A");
        for (int i = 0; i < specialties.length; i += 2) {
            m.put("specialties[" + i / 2 + "].name", specialties[i]);
            if (specialties[i + 1] != null) {
                m.put("specialties[" + i / 2 + "].validTo", specialties[i + 1]);
            }
        }
        return m;
    }

    private List<RejectReason> reasons(Map<String, String> raw) {
        Normalized n = normalizer.normalize("registration-system", raw, TODAY);
        assertThat(n).isInstanceOf(Normalized.Rejected.class);
        return ((Normalized.Rejected) n).reasons();
    }

    @Test
    void eachSpecialtyBecomesAnItemWithItsOwnValidity() {
        Normalized n = normalizer.normalize(
                "registration-system", registration("建筑工程", "2029-11-19", "市政公用工程", "2028/6/30"), TODAY);
        var a = (Normalized.Accepted) n;
        assertThat(a.operation()).isEqualTo(Operation.NEW);
        assertThat(a.values())
                .containsEntry("specialties[0].specialty", "JZ")
                .containsEntry("specialties[0].validTo", "2029-11-19")
                .containsEntry("specialties[1].specialty", "SZ")
                .containsEntry("specialties[1].validTo", "2028-06-30")
                .containsEntry("registrationNumber", "苏232202100001")
                .doesNotContainKey("licenceNumber");
        assertThat(a.businessKey()).isEqualTo("苏232202100001|2026-11-20");
        assertThat(TYPE.validTo(TODAY, a.values())).isEqualTo(LocalDate.of(2029, 11, 19));
    }

    @Test
    void aRejectNamesTheItemAndWhatIsWrongWithIt() {
        var reasons = reasons(registration("建筑工程", "2029-11-19", "土木工程", "2029-02-30"));
        assertThat(reasons)
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("specialties[1].specialty", "code-table"),
                        org.assertj.core.groups.Tuple.tuple("specialties[1].validTo", "date-format"));
        assertThat(reasons.get(0).message()).contains("specialties[1].name", "土木工程");
    }

    @Test
    void everyItemNeedsItsRequiredFields() {
        var reasons = reasons(registration("建筑工程", null, "机电工程", "2029-11-19"));
        assertThat(reasons).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("specialties[0].validTo");
            assertThat(r.rule()).isEqualTo("required");
            assertThat(r.message()).isEqualTo("「注册专业」第 1 项缺少必填项「有效期至」");
        });
    }

    @Test
    void aRegistrationWithoutSpecialtiesIsRejected() {
        assertThat(reasons(registration()))
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("specialties", "required"));
    }

    @Test
    void aNumberOfTheWrongShapeIsRejectedWithAnExample() {
        var raw = registration("建筑工程", "2029-11-19");
        raw.put("registrationNumber", "浙232202100001");
        assertThat(reasons(raw)).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("pattern");
            assertThat(r.message()).contains("注册编号", "苏232202100001");
        });
    }

    @Test
    void theValidatorChecksItemsOneByOne() {
        var accepted = (Normalized.Accepted)
                normalizer.normalize("registration-system", registration("建筑工程", "2029-11-19"), TODAY);
        var data = new LinkedHashMap<>(accepted.values());
        data.keySet().removeIf(key -> key.startsWith("specialties["));
        // the first item is missing entirely (a null in the message), the second has an unknown code and field
        data.put("specialties[1].specialty", "XX");
        data.put("specialties[1].validTo", "2029-11-19");
        data.put("specialties[1].grade", "A");
        var problems = LicenceDataValidator.validate(TYPE, data, TODAY);
        assertThat(problems)
                .extracting(RejectReason::field, RejectReason::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("specialties[1].grade", "group-item"),
                        org.assertj.core.groups.Tuple.tuple("specialties[0].specialty", "required"),
                        org.assertj.core.groups.Tuple.tuple("specialties[0].validTo", "required"),
                        org.assertj.core.groups.Tuple.tuple("specialties[1].specialty", "enumeration"));
        assertThat(problems)
                .filteredOn(p -> p.rule().equals("enumeration"))
                .singleElement()
                .extracting(RejectReason::message)
                .asString()
                .startsWith("「注册专业」第 2 项的「专业」的值“XX”");
    }

    @Test
    void aRenewalWithoutSpecialtiesIsPartialAndKeepsTheCertificates() {
        var renewal = new LinkedHashMap<String, String>();
        renewal.put("registrationNumber", "苏232202100001");
        renewal.put("approvedOn", "2026-11-26");
        assertThat(LicenceDataValidator.validate(TYPE, renewal, TODAY, true)).isEmpty();
    }

    @Test
    void xmlRecordsCountRepeatsFromOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("xml-registrations.yaml"), """
                source: xml-registrations
                type: "11100000000013338W001"
                version: "1"
                format: { kind: xml, record: registration }
                businessKey: [registrationNumber]
                fields:
                  registrationNumber: { from: number }
                  specialties:
                    each: specialties/specialty
                    fields:
                      specialty: { from: "@name", codes: { 建筑工程: JZ, 机电工程: JD } }
                      validTo: { from: validTo }
                """);
        SourceMapping m = Mappings.loadFile(dir.resolve("xml-registrations.yaml"), CATALOGUE);
        var raw = new LinkedHashMap<String, String>();
        raw.put("number", "苏232202100001");
        raw.put("specialties/specialty/@name", "建筑工程");
        raw.put("specialties/specialty/validTo", "2029-11-19");
        raw.put("specialties/specialty[2]/@name", "机电工程");
        raw.put("specialties/specialty[2]/validTo", "2030-01-31");
        assertThat(m.map(raw).values())
                .containsEntry("specialties[0].specialty", "JZ")
                .containsEntry("specialties[0].validTo", "2029-11-19")
                .containsEntry("specialties[1].specialty", "JD")
                .containsEntry("specialties[1].validTo", "2030-01-31");
    }

    @Test
    void aGroupMappedLikeAPlainFieldIsRefused(@TempDir Path dir) throws IOException {
        write(dir, "  specialties:\n    each: specialties\n", "  specialties:\n    from: specialties\n");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("registration-system.yaml")
                .hasMessageContaining("is a group");
    }

    @Test
    void aSubFieldTheGroupDoesNotHaveIsRefused(@TempDir Path dir) throws IOException {
        write(dir, "      validTo:\n        from: validTo\n", "      validUntil:\n        from: validTo\n");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE)).hasMessageContaining("specialties.validUntil");
    }

    @Test
    void eachOnAPlainFieldIsRefused(@TempDir Path dir) throws IOException {
        write(
                dir,
                "  employerName:\n    from: employer.name\n",
                "  employerName:\n    each: employers\n    fields: { name: { from: name } }\n");
        assertThatThrownBy(() -> Mappings.load(dir, CATALOGUE)).hasMessageContaining("not a group");
    }

    private static void write(Path dir, String from, String to) throws IOException {
        String shipped = Files.readString(Path.of("mappings/registration-system.yaml"));
        org.assertj.core.api.Assertions.assertThat(shipped).contains(from);
        Files.writeString(dir.resolve("registration-system.yaml"), shipped.replace(from, to));
    }
}
