package org.certhub.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of canonical field, each with its own domain checks. */
public enum FieldType {
    @JsonProperty("text")
    TEXT,
    @JsonProperty("date")
    DATE,
    @JsonProperty("enum")
    ENUM,
    /** 18-character citizen ID number, GB 11643. */
    @JsonProperty("citizen-id")
    CITIZEN_ID,
    /** Unified social credit code, GB 32100. */
    @JsonProperty("credit-code")
    CREDIT_CODE,
    /** Must equal the issuing authority's name in the catalogue. */
    @JsonProperty("issuer")
    ISSUER,
    /**
     * A repeating group of sub-fields (the specialties of a registered constructor, each with its validity). Its
     * canonical values are flat: {@code specialties[0].specialty}, {@code specialties[0].validTo}, ...
     */
    @JsonProperty("group")
    GROUP
}
