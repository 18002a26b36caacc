package org.certhub.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.ManualSealing;
import org.certhub.licence.VersionState;
import org.springframework.stereotype.Component;

/**
 * What the public may find of the licence library, and how: by a QR code's token, or by a certificate's number or
 * identifier together with its holder's name. A version waiting for a sealer, or sent back by one, is not a
 * certificate and is never found; while a later version waits for its sealer, the one before it is the certificate
 * in force.
 */
@Component
class PublicCertificates {

    private final LicenceLibrary library;
    private final ManualSealing manualSealing;
    private final Catalogue catalogue;
    private final PublicLookups lookups;

    PublicCertificates(
            LicenceLibrary library, ManualSealing manualSealing, Catalogue catalogue, PublicLookups lookups) {
        this.library = library;
        this.manualSealing = manualSealing;
        this.catalogue = catalogue;
        this.lookups = lookups;
    }

    /** The version a QR code's token names. */
    Optional<LicenceVersionView> byToken(String token) {
        if (!token.matches("[A-Za-z0-9_-]{16,64}")) {
            return Optional.empty();
        }
        return first(lookups.get(
                "token:" + token, () -> listed(library.findByToken(token).flatMap(this::shown))));
    }

    /**
     * The certificates in force with this number whose holder is named so: the number is unique per certificate type,
     * so this is one certificate unless two types share a number and a holder. A wrong name finds nothing, as an
     * unknown number does.
     */
    List<LicenceVersionView> byNumber(String number, String name) {
        return lookups.get("number:" + number.strip(), () -> inForce(number.strip())).stream()
                .filter(v -> holderIs(v, name))
                .toList();
    }

    /** The versions in force of the licences with this number. */
    private List<LicenceVersionView> inForce(String number) {
        var byLicence = new LinkedHashMap<Long, List<LicenceVersionView>>();
        for (LicenceVersionView v : library.findByNumber(number)) {
            byLicence.computeIfAbsent(v.licenceId(), id -> new ArrayList<>()).add(v);
        }
        var found = new ArrayList<LicenceVersionView>();
        byLicence.forEach((licenceId, versions) -> {
            Integer inForce = manualSealing.versionInForce(licenceId);
            versions.stream()
                    .filter(v -> inForce != null && v.version() == inForce)
                    .findFirst()
                    .flatMap(this::shown)
                    .ifPresent(found::add);
        });
        return found;
    }

    /** The version with this identifier (an older one says what replaced it) if its holder is named so. */
    Optional<LicenceVersionView> byIdentifier(String identifier, String name) {
        return byIdentifier(identifier.strip()).filter(v -> holderIs(v, name));
    }

    /** The version with this identifier as the public sees it, for a file that proved to be the library's. */
    Optional<LicenceVersionView> byIdentifier(String identifier) {
        return first(lookups.get(
                "identifier:" + identifier,
                () -> listed(library.findByIdentifier(identifier).flatMap(this::shown))));
    }

    private static List<LicenceVersionView> listed(Optional<LicenceVersionView> found) {
        return found.map(List::of).orElse(List.of());
    }

    private static Optional<LicenceVersionView> first(List<LicenceVersionView> views) {
        return views.stream().findFirst();
    }

    private boolean holderIs(LicenceVersionView v, String name) {
        return HolderNames.same(v.data().get(catalogue.get(v.typeCode()).holderNameField()), name);
    }

    /** The version as the public sees it, or empty when it is not a certificate (yet). */
    private Optional<LicenceVersionView> shown(LicenceVersionView v) {
        if (v.state() == VersionState.AWAITING_SEAL || v.state() == VersionState.RETURNED) {
            // not approved by the sealer (yet): not a certificate, whatever a preview's QR code says
            return Optional.empty();
        }
        if (v.superseded() && Integer.valueOf(v.version()).equals(manualSealing.versionInForce(v.licenceId()))) {
            // the later version waits for a sealer: until it is approved, this one is the certificate in force
            return Optional.of(inForce(v));
        }
        return Optional.of(v);
    }

    private static LicenceVersionView inForce(LicenceVersionView v) {
        return new LicenceVersionView(
                v.licenceId(),
                v.versionId(),
                v.typeCode(),
                v.identifier(),
                v.version(),
                v.number(),
                v.status(),
                v.state(),
                v.data(),
                v.firstIssuedOn(),
                v.issuedOn(),
                v.validFrom(),
                v.validTo(),
                v.verifyToken(),
                v.filePath(),
                v.fileSha256(),
                v.signedAt(),
                v.version(),
                v.statusReason(),
                v.statusChangedAt(),
                v.operation(),
                null,
                null);
    }
}
