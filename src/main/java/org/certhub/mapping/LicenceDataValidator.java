package org.certhub.mapping;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FieldDefinition;
import org.certhub.catalog.FieldType;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.codes.CreditCode;

/** Checks canonical values against their certificate type's schema and the domain rules, and fills derived fields. */
public final class LicenceDataValidator {

    private LicenceDataValidator() {}

    /** Checks complete data: every required field must be there. Fills derived fields when all is well. */
    public static List<RejectReason> validate(CertificateType type, Map<String, String> values, LocalDate today) {
        return validate(type, values, today, false);
    }

    /**
     * Checks data; {@code partial} data (the changes a renewal or change brings, merged later with the licence's
     * data) only has the values it holds checked.
     */
    public static List<RejectReason> validate(
            CertificateType type, Map<String, String> values, LocalDate today, boolean partial) {
        var problems = new ArrayList<RejectReason>();
        for (FieldDefinition f : type.fields()) {
            if (f.derivedFrom() != null) {
                continue;
            }
            if (f.type() == FieldType.GROUP) {
                checkGroup(type, f, values, today, partial, problems);
                continue;
            }
            String v = values.get(f.name());
            if (v == null || v.isEmpty()) {
                if (f.required() && !partial) {
                    problems.add(RejectReason.of(f.name(), null, "required", "缺少必填项「" + f.label() + "」"));
                }
                continue;
            }
            checkValue(type, f, f.name(), "「" + f.label() + "」", v, today, problems);
        }
        if (problems.isEmpty()) {
            deriveFields(type, values);
        }
        return problems;
    }

    /**
     * Checks each item of a group like a field of its own, named {@code specialties[1].validTo} and labelled
     * 「注册专业」第 2 项的「有效期至」 in reasons; a required group needs at least one item. Items are counted from
     * the source's first, so an item that holds nothing at all is reported too.
     */
    private static void checkGroup(
            CertificateType type,
            FieldDefinition group,
            Map<String, String> values,
            LocalDate today,
            boolean partial,
            List<RejectReason> problems) {
        var items = group.items(values);
        var itemKeys = new HashSet<String>();
        items.forEach((i, item) -> group.fields().forEach(sub -> itemKeys.add(group.itemKey(i, sub.name()))));
        for (String key : values.keySet()) {
            if (group.ownsKey(key) && !itemKeys.contains(key)) {
                problems.add(RejectReason.of(
                        key,
                        values.get(key),
                        "group-item",
                        "「" + group.label() + "」中没有这一项：" + key + " (no such field in the group)"));
            }
        }
        if (items.isEmpty()) {
            if (group.required() && !partial) {
                problems.add(RejectReason.of(group.name(), null, "required", "缺少必填项「" + group.label() + "」"));
            }
            return;
        }
        for (int i = 0; i <= items.lastKey(); i++) {
            Map<String, String> item = items.getOrDefault(i, Map.of());
            String itemLabel = "「" + group.label() + "」第 " + (i + 1) + " 项";
            for (FieldDefinition sub : group.fields()) {
                String key = group.itemKey(i, sub.name());
                String v = item.get(sub.name());
                if (v == null || v.isEmpty()) {
                    if (sub.required()) {
                        problems.add(RejectReason.of(key, null, "required", itemLabel + "缺少必填项「" + sub.label() + "」"));
                    }
                    continue;
                }
                checkValue(type, sub, key, itemLabel + "的「" + sub.label() + "」", v, today, problems);
            }
        }
    }

    /** The domain checks of one non-empty value; {@code key} names it in reasons, {@code label} in messages. */
    private static void checkValue(
            CertificateType type,
            FieldDefinition f,
            String key,
            String label,
            String v,
            LocalDate today,
            List<RejectReason> problems) {
        if (f.maxLength() > 0 && v.codePointCount(0, v.length()) > f.maxLength()) {
            problems.add(RejectReason.of(key, v, "max-length", label + "超过 " + f.maxLength() + " 个字符"));
        }
        switch (f.type()) {
            case ENUM -> {
                if (!f.values().containsKey(v)) {
                    problems.add(RejectReason.of(
                            key,
                            v,
                            "enumeration",
                            label + "的值“" + v + "”不在允许范围内：" + f.values().keySet()));
                }
            }
            case DATE -> checkDate(f, key, label, v, today, problems);
            case CITIZEN_ID -> checkCitizenId(key, label, v, today, problems);
            case CREDIT_CODE -> checkCreditCode(key, label, v, problems);
            case ISSUER -> {
                if (!v.equals(type.issuingAuthority().name())) {
                    problems.add(RejectReason.of(
                            key,
                            v,
                            "issuer",
                            label + "应为“" + type.issuingAuthority().name() + "”，实为“" + v + "”"));
                }
            }
            case TEXT -> {
                if (v.codePoints().anyMatch(Character::isISOControl)) {
                    problems.add(RejectReason.of(key, v, "control-character", label + "含有控制字符"));
                } else if (!f.hasPatternShape(v)) {
                    problems.add(RejectReason.of(
                            key,
                            v,
                            "pattern",
                            label + "的值“" + v + "”格式不符"
                                    + (f.example() != null ? "，应形如 " + f.example() : "，应符合 " + f.pattern())
                                    + " (does not have the expected shape)"));
                }
            }
            default -> {}
        }
    }

    private static void deriveFields(CertificateType type, Map<String, String> values) {
        for (FieldDefinition f : type.fields()) {
            if (f.derivedFrom() == null) {
                continue;
            }
            FieldDefinition source = type.field(f.derivedFrom()).orElseThrow();
            String from = values.get(source.name());
            if (from != null && source.type() == FieldType.CITIZEN_ID) {
                CitizenIdNumber.birthDate(from).ifPresent(d -> values.put(f.name(), d.toString()));
            }
        }
    }

    private static void checkDate(
            FieldDefinition f, String key, String label, String v, LocalDate today, List<RejectReason> problems) {
        LocalDate date;
        try {
            date = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            problems.add(RejectReason.of(key, v, "date", label + "不是有效日期：“" + v + "”"));
            return;
        }
        if (f.notInFuture() && date.isAfter(today)) {
            problems.add(RejectReason.of(key, v, "not-in-future", label + "晚于今天：" + v));
        }
    }

    private static void checkCitizenId(
            String key, String label, String v, LocalDate today, List<RejectReason> problems) {
        if (!CitizenIdNumber.hasValidShape(v)) {
            problems.add(RejectReason.of(key, v, "citizen-id-format", label + "应为 18 位，前 17 位为数字，末位为数字或 X"));
            return;
        }
        char expected = CitizenIdNumber.checkCharacter(v.substring(0, 17));
        if (v.charAt(17) != expected) {
            problems.add(RejectReason.of(key, v, "citizen-id-check", label + "校验位错误（GB 11643）：末位应为 " + expected));
        }
        var birth = CitizenIdNumber.birthDate(v);
        if (birth.isEmpty() || birth.get().isAfter(today) || birth.get().isBefore(LocalDate.of(1900, 1, 1))) {
            problems.add(RejectReason.of(
                    key, v, "citizen-id-birth-date", label + "中的出生日期“" + v.substring(6, 14) + "”不是有效日期"));
        }
    }

    private static void checkCreditCode(String key, String label, String v, List<RejectReason> problems) {
        if (!CreditCode.hasValidShape(v)) {
            problems.add(RejectReason.of(key, v, "credit-code-format", label + "应为 18 位，由数字和大写字母（不含 I、O、Z、S、V）组成"));
        } else if (!CreditCode.isValid(v)) {
            problems.add(RejectReason.of(
                    key,
                    v,
                    "credit-code-check",
                    label + "校验位错误（GB 32100）：末位应为 " + CreditCode.checkCharacter(v.substring(0, 17))));
        }
    }
}
