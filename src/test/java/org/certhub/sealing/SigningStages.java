package org.certhub.sealing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.certhub.catalog.Catalogue;
import org.certhub.licence.LicenceLibrary;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.HubSettings;
import org.certhub.platform.Node;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.testing.ShippedFonts;

/**
 * Builds the signing stage outside Spring for the stage tests of other packages (its constructor is
 * package-private), without seals: as the keeper of the sealed files, which it stores and reads, and as the renderer
 * of previews. It cannot seal.
 */
public final class SigningStages {

    private SigningStages() {}

    /**
     * The demo PKI's SM2 seal as the registry would make it: its key, and an electronic seal the demo SM2 root made
     * for its certificate.
     */
    public static ActiveSeal demoSm2Seal(org.certhub.demopki.DemoPki pki) throws Exception {
        SignatureToken key =
                org.certhub.sealing.keys.KeyStoreSignatureToken.open(pki.sm2Keystore(), pki.password(), pki.alias());
        var certificate = key.certificateChain().get(0);
        ElectronicSeal seal = ElectronicSeal.make(
                "demo-sm2",
                "电子印章",
                java.util.List.of(certificate),
                java.nio.file.Files.readAllBytes(pki.sealImage()),
                42,
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                java.time.Instant.now(),
                org.certhub.sealing.keys.KeyStoreSignatureToken.open(pki.sm2RootKeystore(), pki.password(), "root"));
        return new ActiveSeal("demo-sm2", 1, key, null, new OfdSealer(seal));
    }

    public static SigningStage filesOnly(LicenceLibrary library, Catalogue catalogue, CerthubPaths paths, Clock clock) {
        return new SigningStage(
                library,
                catalogue,
                null,
                null,
                paths,
                new HubSettings(clock.getZone(), "http://localhost:8080"),
                new SigningSettings(1, 20, 8, Duration.ofMinutes(5)),
                clock,
                new SimpleMeterRegistry(),
                new Node("test-node"));
    }

    /** A signing stage that renders faces (with the shipped fonts) and keeps files, but has no seals to seal with. */
    public static SigningStage renderingOnly(
            LicenceLibrary library, Catalogue catalogue, CerthubPaths paths, Clock clock) {
        return new SigningStage(
                library,
                catalogue,
                new CertificateRenderer(ShippedFonts.get()),
                null,
                paths,
                new HubSettings(clock.getZone(), "http://localhost:8080"),
                new SigningSettings(1, 20, 8, Duration.ofMinutes(5)),
                clock,
                new SimpleMeterRegistry(),
                new Node("test-node"));
    }

    /** A signing stage that renders with the shipped fonts and seals with the registry given. */
    public static SigningStage sealingWith(
            SealRegistry seals,
            int maxAttempts,
            LicenceLibrary library,
            Catalogue catalogue,
            CerthubPaths paths,
            Clock clock) {
        return sealing("test-node", Duration.ofMinutes(5), maxAttempts, seals, library, catalogue, paths, clock);
    }

    /** A signing stage of a node of the cluster, sealing with the registry given and holding its batches this long. */
    public static SigningStage sealingOnNode(
            String node,
            Duration lease,
            SealRegistry seals,
            LicenceLibrary library,
            Catalogue catalogue,
            CerthubPaths paths,
            Clock clock) {
        return sealing(node, lease, 8, seals, library, catalogue, paths, clock);
    }

    private static SigningStage sealing(
            String node,
            Duration lease,
            int maxAttempts,
            SealRegistry seals,
            LicenceLibrary library,
            Catalogue catalogue,
            CerthubPaths paths,
            Clock clock) {
        return new SigningStage(
                library,
                catalogue,
                new CertificateRenderer(ShippedFonts.get()),
                seals,
                paths,
                new HubSettings(clock.getZone(), "http://localhost:8080"),
                new SigningSettings(1, 20, maxAttempts, lease),
                clock,
                new SimpleMeterRegistry(),
                new Node(node));
    }

    /** Stores a sealed file under the files folder, as the sign stage does before it marks the version signed. */
    public static void store(SigningStage stage, Path relative, byte[] pdf) {
        stage.store(relative, pdf);
    }
}
