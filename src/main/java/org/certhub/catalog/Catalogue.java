package org.certhub.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.certhub.codes.CreditCode;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The certificate types the hub issues, loaded from one YAML file per type. */
public final class Catalogue {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Map<String, CertificateType> types;

    private Catalogue(Map<String, CertificateType> types) {
        this.types = Map.copyOf(types);
    }

    /** The catalogue's folder as the environment sets it ({@code certhub.catalog.dir}), before any bean exists. */
    public static Path directory(Environment environment) {
        return Binder.get(environment)
                .bindOrCreate("certhub.catalog", CatalogueSettings.class)
                .dir();
    }

    /**
     * Loads every {@code *.yaml} in the folder.
     *
     * @throws InvalidCatalogueException naming the file and the problem, for the first file that is not valid
     */
    public static Catalogue load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidCatalogueException(dir, "catalogue folder not found");
        }
        var types = new LinkedHashMap<String, CertificateType>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidCatalogueException(dir, "cannot list: " + e.getMessage());
        }
        for (Path file : files) {
            CertificateType type = loadFile(file);
            if (types.putIfAbsent(type.code(), type) != null) {
                throw new InvalidCatalogueException(file, "type code " + type.code() + " is defined twice");
            }
        }
        if (types.isEmpty()) {
            throw new InvalidCatalogueException(dir, "no certificate type defined (*.yaml)");
        }
        return new Catalogue(types);
    }

    public static Catalogue of(Collection<CertificateType> types) {
        var map = new LinkedHashMap<String, CertificateType>();
        types.forEach(t -> map.put(t.code(), t));
        return new Catalogue(map);
    }

    public Optional<CertificateType> find(String typeCode) {
        return Optional.ofNullable(types.get(typeCode));
    }

    public CertificateType get(String typeCode) {
        return find(typeCode).orElseThrow(() -> new IllegalArgumentException("no certificate type " + typeCode));
    }

    public Collection<CertificateType> types() {
        return types.values();
    }

    static CertificateType loadFile(Path file) {
        Entry entry;
        try {
            entry = YAML.readValue(file.toFile(), Entry.class);
        } catch (JacksonException e) {
            throw new InvalidCatalogueException(
                    file,
                    e.getOriginalMessage()
                            + (e.getLocation() != null
                                    ? " (line " + e.getLocation().getLineNr() + ")"
                                    : ""));
        }
        if (entry == null) {
            throw new InvalidCatalogueException(file, "file is empty");
        }
        try {
            return entry.toType();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidCatalogueException(file, e.getMessage());
        }
    }

    /** The YAML form of a type's {@code sealing:} block; level is {@code B-B}, {@code B-T}, {@code B-LT} or {@code B-LTA}. */
    record SealingEntry(String seal, String level, Boolean manual, String ofdSeal) {

        SealingPolicy toPolicy(List<String> files) {
            Entry.require(
                    seal == null || seal.matches("[a-z0-9][a-z0-9-]*"),
                    "sealing.seal must be a seal id (lower-case letters, digits, '-'): " + seal);
            Entry.require(
                    ofdSeal == null || ofdSeal.matches("[a-z0-9][a-z0-9-]*"),
                    "sealing.ofdSeal must be a seal id (lower-case letters, digits, '-'): " + ofdSeal);
            return new SealingPolicy(
                    seal,
                    level == null ? SignatureLevel.B_B : sealingLevel(level),
                    Boolean.TRUE.equals(manual),
                    ofdSeal,
                    formats(files));
        }

        /** The {@code files:} list: pdf, ofd or both, each once; the PDF until the public checks read OFD alone. */
        static java.util.Set<FileFormat> formats(List<String> files) {
            if (files == null) {
                return java.util.Set.of(FileFormat.PDF);
            }
            Entry.require(!files.isEmpty(), "files: name at least one file format (pdf, ofd)");
            var formats = java.util.EnumSet.noneOf(FileFormat.class);
            for (String file : files) {
                Entry.require(formats.add(FileFormat.parse(file)), "files: " + file + " is listed twice");
            }
            Entry.require(
                    formats.contains(FileFormat.PDF),
                    "files: [ofd] alone is not supported yet (the public verification, the upload check and the "
                            + "archive's timestamps read the PDF): issue both with files: [pdf, ofd]");
            return formats;
        }

        private static SignatureLevel sealingLevel(String level) {
            try {
                return SignatureLevel.parse(level);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sealing.level: " + e.getMessage());
            }
        }
    }

    /** The YAML form of a catalogue file. */
    record Entry(
            String code,
            String name,
            String holderCategory,
            String holderCodeType,
            String holderNameField,
            String holderCodeField,
            Authority definingAuthority,
            Authority issuingAuthority,
            String areaCode,
            String validity,
            String numbering,
            List<FieldDefinition> fields,
            FaceTemplate face,
            String validToFrom,
            SealingEntry sealing,
            List<String> files,
            English english) {

        CertificateType toType() {
            require(
                    code != null && code.matches("[0-9A-Z]{18}\\d{3}"),
                    "code must be an 18-character credit code and 3 digits: " + code);
            require(name != null && !name.isBlank(), "name is missing");
            require(
                    "person".equals(holderCategory) || "organisation".equals(holderCategory),
                    "holderCategory must be person or organisation: " + holderCategory);
            require(
                    holderCodeType != null && holderCodeType.matches("\\d{3}"),
                    "holderCodeType must be a 3-digit GB/T 36903 code: " + holderCodeType);
            require(issuingAuthority != null && issuingAuthority.name() != null, "issuingAuthority.name is missing");
            require(
                    CreditCode.isValid(issuingAuthority.creditCode()),
                    "issuingAuthority.creditCode is not a valid unified social credit code: "
                            + issuingAuthority.creditCode());
            require(
                    definingAuthority != null && CreditCode.isValid(definingAuthority.creditCode()),
                    "definingAuthority.creditCode is not a valid unified social credit code");
            require(
                    code.startsWith(definingAuthority.creditCode()),
                    "code must start with the defining authority's credit code " + definingAuthority.creditCode());
            require(areaCode != null && areaCode.matches("\\d{6}"), "areaCode must be 6 digits: " + areaCode);
            Period period = null;
            if (validToFrom == null || validity != null) {
                require(validToFrom == null, "give either validity or validToFrom, not both");
                try {
                    period = Period.parse(validity);
                } catch (DateTimeParseException | NullPointerException e) {
                    throw new IllegalArgumentException("validity must be an ISO-8601 period such as P3Y: " + validity);
                }
            }
            require(fields != null && !fields.isEmpty(), "fields are missing");
            var names = new HashSet<String>();
            var checked = new ArrayList<FieldDefinition>();
            for (FieldDefinition f : fields) {
                checkField(f, "field " + f.name(), names);
                if (f.type() == FieldType.GROUP) {
                    checkGroup(f);
                } else {
                    require(
                            f.fields().isEmpty() && f.itemFormat() == null,
                            "field " + f.name() + " has fields or itemFormat but is not of type group");
                }
                checked.add(f);
            }
            if (validToFrom != null) {
                checkValidToFrom(checked);
            }
            for (FieldDefinition f : checked) {
                require(
                        f.derivedFrom() == null || names.contains(f.derivedFrom()),
                        "field " + f.name() + " is derived from unknown field " + f.derivedFrom());
            }
            require(names.contains(holderNameField), "holderNameField names no field: " + holderNameField);
            require(names.contains(holderCodeField), "holderCodeField names no field: " + holderCodeField);
            require(numbering != null, "numbering is missing");
            var rule = new NumberRule(numbering);
            for (String placeholder : rule.placeholders()) {
                require(
                        placeholder.equals("year") || names.contains(placeholder),
                        "numbering refers to unknown field {" + placeholder + "}");
            }
            rule.sourceField().ifPresent(source -> {
                // the number comes from another system: its shape is checked before a licence carries it
                FieldDefinition f = checked.stream()
                        .filter(c -> c.name().equals(source))
                        .findFirst()
                        .orElseThrow();
                require(
                        f.type() == FieldType.TEXT && f.required() && f.pattern() != null,
                        "numbering takes the number from {" + source + "}, which must be a required text field with "
                                + "a pattern that checks its shape");
            });
            require(
                    face != null && face.title() != null && !face.rows().isEmpty(),
                    "face.title and face.rows are required");
            return new CertificateType(
                    code,
                    name,
                    holderCategory,
                    holderCodeType,
                    holderNameField,
                    holderCodeField,
                    definingAuthority,
                    issuingAuthority,
                    areaCode,
                    period,
                    rule,
                    checked,
                    face,
                    validToFrom,
                    (sealing == null ? new SealingEntry(null, null, null, null) : sealing).toPolicy(files),
                    checkedEnglish(checked));
        }

        /** The English texts name only fields, enumeration codes and groups that exist. */
        private English checkedEnglish(List<FieldDefinition> checked) {
            if (english == null) {
                return English.NONE;
            }
            var byName = new java.util.HashMap<String, FieldDefinition>();
            for (FieldDefinition f : checked) {
                byName.put(f.name(), f);
                for (FieldDefinition sub : f.fields()) {
                    byName.put(f.name() + "." + sub.name(), sub);
                }
            }
            for (String field : english.labels().keySet()) {
                require(byName.containsKey(field), "english.labels names no field: " + field);
            }
            english.values().forEach((field, codes) -> {
                FieldDefinition f = byName.get(field);
                require(f != null && f.type() == FieldType.ENUM, "english.values names no enumeration: " + field);
                for (String code : codes.keySet()) {
                    require(f.values().containsKey(code), "english.values." + field + " has no code " + code);
                }
            });
            english.itemFormats().forEach((field, format) -> {
                FieldDefinition f = byName.get(field);
                require(f != null && f.type() == FieldType.GROUP, "english.itemFormats names no group: " + field);
            });
            return english;
        }

        private static void checkField(FieldDefinition f, String what, Set<String> names) {
            require(f.name() != null && f.name().matches("[a-z][A-Za-z0-9]*"), what + ": name must be lowerCamelCase");
            require(names.add(f.name()), what + " is defined twice");
            require(f.label() != null, what + " has no label");
            require(f.type() != FieldType.ENUM || !f.values().isEmpty(), what + " is an enum without values");
            require(f.pattern() == null || f.type() == FieldType.TEXT, what + ": a pattern applies to text fields");
            if (f.pattern() != null) {
                try {
                    Pattern.compile(f.pattern());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(
                            what + ": pattern is not a regular expression: " + e.getDescription());
                }
                require(
                        f.example() == null || f.hasPatternShape(f.example()),
                        what + ": example " + f.example() + " does not match its own pattern");
            }
        }

        private static void checkGroup(FieldDefinition group) {
            require(!group.fields().isEmpty(), "group " + group.name() + " has no fields");
            require(
                    group.derivedFrom() == null && group.pattern() == null && group.maxLength() == 0,
                    "group " + group.name() + " cannot have derivedFrom, pattern or maxLength");
            var subNames = new HashSet<String>();
            for (FieldDefinition sub : group.fields()) {
                String what = "field " + group.name() + "." + sub.name();
                checkField(sub, what, subNames);
                require(sub.type() != FieldType.GROUP && sub.fields().isEmpty(), what + ": groups do not nest");
                require(sub.derivedFrom() == null, what + ": a field of a group cannot be derived");
            }
            for (String placeholder : group.itemFormatPlaceholders()) {
                require(
                        subNames.contains(placeholder),
                        "group " + group.name() + ": itemFormat refers to unknown field {" + placeholder + "}");
            }
        }

        private void checkValidToFrom(List<FieldDefinition> checked) {
            String[] parts = validToFrom.split("\\.");
            FieldDefinition group = parts.length != 2
                    ? null
                    : checked.stream()
                            .filter(f -> f.name().equals(parts[0]))
                            .findFirst()
                            .orElse(null);
            FieldDefinition date = group == null
                    ? null
                    : group.fields().stream()
                            .filter(f -> f.name().equals(parts[1]))
                            .findFirst()
                            .orElse(null);
            require(
                    group != null
                            && group.type() == FieldType.GROUP
                            && group.required()
                            && date != null
                            && date.type() == FieldType.DATE
                            && date.required(),
                    "validToFrom must name a required date field of a required group, as specialties.validTo: "
                            + validToFrom);
        }

        private static void require(boolean ok, String problem) {
            if (!ok) {
                throw new IllegalArgumentException(problem);
            }
        }
    }
}
