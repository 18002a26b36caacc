package org.certhub.holder;

import java.util.List;
import java.util.Optional;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.VersionState;
import org.certhub.verify.HolderNames;
import org.springframework.stereotype.Component;

/**
 * A holder's certificates as the library has them: of each licence issued to a person with this ID number, the version
 * in force (a version waiting for a sealer is not a certificate yet, and the one before it is still in force).
 */
@Component
class HolderCertificates {

    /** GB/T 36903's holder code type of the citizen ID number: the corner is for people, not organisations. */
    private static final String CITIZEN_ID = "111";

    private final LicenceLibrary library;
    private final Catalogue catalogue;

    HolderCertificates(LicenceLibrary library, Catalogue catalogue) {
        this.library = library;
        this.catalogue = catalogue;
    }

    /** Every certificate of the holder, of every type whose holder is a person, newest first. */
    List<LicenceVersionView> of(String idNumber) {
        return library.certificatesOfHolder(idNumber).stream()
                .filter(v -> catalogue
                        .find(v.typeCode())
                        .filter(type -> CITIZEN_ID.equals(type.holderCodeType()))
                        .isPresent())
                .toList();
    }

    /**
     * The ID number of the holder the form names: one of the holder's certificates has the number typed, and its
     * holder the name typed. Empty for a wrong number, a wrong name or an unknown ID number alike.
     */
    Optional<String> holderOf(SignInForm form) {
        for (LicenceVersionView v : of(form.idNumber())) {
            CertificateType type = catalogue.get(v.typeCode());
            if (SignInForm.number(v.number()).equals(form.number())
                    && HolderNames.same(v.data().get(type.holderNameField()), form.name())) {
                return Optional.of(form.idNumber());
            }
        }
        return Optional.empty();
    }

    /** The holder's certificate with this identifier (of its version in force), if it is theirs. */
    Optional<LicenceVersionView> ofHolder(String idNumber, String identifier) {
        return of(idNumber).stream()
                .filter(v -> v.identifier().equals(identifier))
                .findFirst();
    }

    /** Whether the version's sealed file is there to download: sealed, and not sent back to sealing since. */
    static boolean sealed(LicenceVersionView v) {
        return v.filePath() != null && (v.state() == VersionState.SIGNED || v.state() == VersionState.PUBLISHED);
    }
}
