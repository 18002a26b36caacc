package org.certhub.mapping;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FieldDefinition;

/** Checks canonical values against their certificate type's schema and the domain rules, and fills derived fields. */
public final class LicenceDataValidator {

    private LicenceDataValidator() {
    }

    /** Checks complete data: every required field must be there. Fills derived fields when all is well. */
    public static List<RejectReason> validate(CertificateType type, Map<String, String> values, LocalDate today) {
        return validate(type, values, today, false);
    }

    /**
     * Checks data; {@code partial} data (the changes a renewal or change brings, merged later with the licence's
     * data) only has the values it holds checked.
     */
    public static List<RejectReason> validate(CertificateType type, Map<String, String> values, LocalDate today,
            boolean partial) {
        var problems = new ArrayList<RejectReason>();
        for (FieldDefinition f : type.fields()) {
            if (f.derivedFrom() != null) {
                continue;
            }
            String v = values.get(f.name());
            if (v == null || v.isEmpty()) {
                if (f.required() && !partial) {
                    problems.add(RejectReason.of(f.name(), null, "required", "缺少必填项「" + f.label() + "」"));
                }
                continue;
            }
            if (f.maxLength() > 0 && v.codePointCount(0, v.length()) > f.maxLength()) {
                problems.add(RejectReason.of(f.name(), v, "max-length",
                        "「" + f.label() + "」超过 " + f.maxLength() + " 个字符"));
            }
            switch (f.type()) {
                case ENUM -> {
                    if (!f.values().containsKey(v)) {
                        problems.add(RejectReason.of(f.name(), v, "enumeration",
                                "「" + f.label() + "」的值“" + v + "”不在允许范围内：" + f.values().keySet()));
                    }
                }
                case DATE -> checkDate(f, v, today, problems);
                case CITIZEN_ID -> checkCitizenId(f, v, today, problems);
                case CREDIT_CODE -> checkCreditCode(f, v, problems);
                case ISSUER -> {
                    if (!v.equals(type.issuingAuthority().name())) {
                        problems.add(RejectReason.of(f.name(), v, "issuer",
                                "「" + f.label() + "」应为“" + type.issuingAuthority().name() + "”，实为“" + v + "”"));
                    }
                }
                case TEXT -> {
                    if (v.codePoints().anyMatch(Character::isISOControl)) {
                        problems.add(RejectReason.of(f.name(), v, "control-character",
                                "「" + f.label() + "」含有控制字符"));
                    }
                }
                default -> { }
            }
        }
        if (problems.isEmpty()) {
            deriveFields(type, values);
        }
        return problems;
    }

    private static void deriveFields(CertificateType type, Map<String, String> values) {
        for (FieldDefinition f : type.fields()) {
            if (f.derivedFrom() == null) {
                continue;
            }
            FieldDefinition source = type.field(f.derivedFrom()).orElseThrow();
            String from = values.get(source.name());
            if (from != null && source.type() == org.certhub.catalog.FieldType.CITIZEN_ID) {
                CitizenIdNumber.birthDate(from).ifPresent(d -> values.put(f.name(), d.toString()));
            }
        }
    }

    private static void checkDate(FieldDefinition f, String v, LocalDate today, List<RejectReason> problems) {
        LocalDate date;
        try {
            date = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            problems.add(RejectReason.of(f.name(), v, "date", "「" + f.label() + "」不是有效日期：“" + v + "”"));
            return;
        }
        if (f.notInFuture() && date.isAfter(today)) {
            problems.add(RejectReason.of(f.name(), v, "not-in-future", "「" + f.label() + "」晚于今天：" + v));
        }
    }

    private static void checkCitizenId(FieldDefinition f, String v, LocalDate today, List<RejectReason> problems) {
        if (!CitizenIdNumber.hasValidShape(v)) {
            problems.add(RejectReason.of(f.name(), v, "citizen-id-format",
                    "「" + f.label() + "」应为 18 位，前 17 位为数字，末位为数字或 X"));
            return;
        }
        char expected = CitizenIdNumber.checkCharacter(v.substring(0, 17));
        if (v.charAt(17) != expected) {
            problems.add(RejectReason.of(f.name(), v, "citizen-id-check",
                    "「" + f.label() + "」校验位错误（GB 11643）：末位应为 " + expected));
        }
        var birth = CitizenIdNumber.birthDate(v);
        if (birth.isEmpty() || birth.get().isAfter(today) || birth.get().isBefore(LocalDate.of(1900, 1, 1))) {
            problems.add(RejectReason.of(f.name(), v, "citizen-id-birth-date",
                    "「" + f.label() + "」中的出生日期“" + v.substring(6, 14) + "”不是有效日期"));
        }
    }

    private static void checkCreditCode(FieldDefinition f, String v, List<RejectReason> problems) {
        if (!CreditCode.hasValidShape(v)) {
            problems.add(RejectReason.of(f.name(), v, "credit-code-format",
                    "「" + f.label() + "」应为 18 位，由数字和大写字母（不含 I、O、Z、S、V）组成"));
        } else if (!CreditCode.isValid(v)) {
            problems.add(RejectReason.of(f.name(), v, "credit-code-check",
                    "「" + f.label() + "」校验位错误（GB 32100）：末位应为 " + CreditCode.checkCharacter(v.substring(0, 17))));
        }
    }
}
