package org.certhub.verify;

import java.io.UncheckedIOException;
import java.util.Optional;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.VersionState;
import org.certhub.sealing.SigningStage;
import org.certhub.seals.Seals;
import org.springframework.stereotype.Component;

/**
 * The upload check on the hub's library and seal registry: a file's licence identifier finds the library's sealed
 * file (of a version the public may see), and a signer the library does not vouch for must be one of the registry's
 * seals.
 */
@Component
class UploadChecks {

    private final UploadCheck check;

    UploadChecks(LicenceLibrary library, SigningStage files, Seals seals) {
        UploadCheck.Library held = identifier -> library.findByIdentifier(identifier)
                .filter(v -> v.filePath() != null
                        && (v.state() == VersionState.SIGNED || v.state() == VersionState.PUBLISHED))
                .flatMap(v -> {
                    try {
                        return Optional.of(new UploadCheck.Held(v, files.read(v), files.readOfd(v)));
                    } catch (UncheckedIOException e) {
                        return Optional.empty();
                    }
                });
        this.check = new UploadCheck(held, (signer, chain, at) -> seals.knows(signer, at));
    }

    UploadCheck.Report check(byte[] file) {
        return check.check(file);
    }
}
