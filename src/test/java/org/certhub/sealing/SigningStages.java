package org.certhub.sealing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.LicenceLibrary;
import org.certhub.platform.CerthubPaths;

/**
 * Builds the signing stage outside Spring for the stage tests of other packages (its constructor is
 * package-private), as the keeper of the sealed files: it stores and reads them, and has no renderer and no seals, so
 * it cannot seal.
 */
public final class SigningStages {

    private SigningStages() {
    }

    public static SigningStage filesOnly(LicenceLibrary library, Catalogue catalogue, CerthubPaths paths, Clock clock) {
        return new SigningStage(library, catalogue, null, null, paths, "http://localhost:8080", clock,
                new SimpleMeterRegistry());
    }

    /** Stores a sealed file under the files folder, as the sign stage does before it marks the version signed. */
    public static void store(SigningStage stage, Path relative, byte[] pdf) {
        stage.store(relative, pdf);
    }
}
