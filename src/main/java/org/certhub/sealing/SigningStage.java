package org.certhub.sealing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.catalog.FaceTemplate;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.licence.FailedStage;
import org.certhub.licence.LicenceLibrary;
import org.certhub.licence.LicenceVersionView;
import org.certhub.licence.NationalMetadata;
import org.certhub.licence.VersionState;
import org.certhub.platform.CerthubPaths;
import org.certhub.platform.DurableFiles;
import org.certhub.platform.HubSettings;
import org.certhub.platform.Node;
import org.certhub.platform.Sha256;
import org.certhub.rendering.CertificateFace;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.sealing.ltv.SealingDeferredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The sign step, used by the {@code sign} route: renders a pending licence version's face, seals it, stores the
 * file and marks the version signed. Idempotent: a version that is not pending is left alone.
 */
@Component("signingStage")
public class SigningStage {

    private static final Logger log = LoggerFactory.getLogger(SigningStage.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final LicenceLibrary library;
    private final Catalogue catalogue;
    private final CertificateRenderer renderer;
    private final SealRegistry seals;
    private final Path files;
    private final String publicBaseUrl;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration lease;
    private final String node;
    private final Timer renderTimer;
    private final Timer sealTimer;
    private final Timer storeTimer;
    private final Timer ofdRenderTimer;
    private final Timer ofdSealTimer;

    SigningStage(
            LicenceLibrary library,
            Catalogue catalogue,
            CertificateRenderer renderer,
            SealRegistry seals,
            CerthubPaths paths,
            HubSettings hub,
            SigningSettings settings,
            Clock clock,
            MeterRegistry meters,
            Node node) {
        this.library = library;
        this.lease = settings.lease();
        this.node = node.name();
        this.catalogue = catalogue;
        this.renderer = renderer;
        this.seals = seals;
        this.files = paths.files();
        this.publicBaseUrl = hub.publicBaseUrl();
        this.clock = clock;
        this.maxAttempts = settings.maxAttempts();
        this.renderTimer = Timer.builder("certhub.signing.render")
                .description("rendering a certificate face")
                .register(meters);
        this.sealTimer = Timer.builder("certhub.signing.seal")
                .description("sealing: PAdES signature and save")
                .register(meters);
        this.storeTimer = Timer.builder("certhub.signing.store")
                .description("writing the sealed file")
                .register(meters);
        this.ofdRenderTimer = Timer.builder("certhub.signing.ofd.render")
                .description("rendering a certificate face as OFD")
                .register(meters);
        this.ofdSealTimer = Timer.builder("certhub.signing.ofd.seal")
                .description("sealing an OFD: SM2 electronic seal and package")
                .register(meters);
    }

    /**
     * Seals the pending versions among the ids, each on its own (one that fails does not hold back the others), and
     * records the sealed files in one transaction.
     *
     * @param sealed  the ids this call sealed
     * @param failure the first failure, later ones suppressed into it; null if none
     */
    public record Batch(List<Long> sealed, RuntimeException failure) {}

    /**
     * Frees what this node held when it last stopped (it died while sealing or publishing): run as the node starts,
     * before the sign and publish queues' consumers do.
     */
    @PostConstruct
    void releaseLeftoverLeases() {
        int released = library.releaseLeasesOf(node);
        if (released > 0) {
            log.info(
                    "Released {} versions this node ({}) was sealing when it stopped; they are sealed again",
                    released,
                    node);
        }
    }

    /**
     * Seals the pending versions among the ids that no other batch holds; the others (not pending, gone, or being
     * sealed by another worker or node) are left alone. The batch claims its versions first and holds them while it
     * runs ({@code certhub.signing.lease}, renewed every third of it), so that no version is sealed twice. A version
     * whose sealing fails has the attempt counted; after {@code certhub.signing.max-attempts} it is FAILED and no
     * longer part of the batch's failure.
     */
    public Batch signAll(List<Long> versionIds) {
        String owner = node + "/" + UUID.randomUUID();
        List<Long> claimed = library.claim(
                versionIds, VersionState.PENDING_SIGN, owner, clock.instant().plus(lease));
        try {
            return signClaimed(claimed, owner);
        } finally {
            // what was not sealed (failed, parked) is free for the next attempt; sealed ones were let go when marked
            library.releaseLease(claimed, owner);
        }
    }

    private Batch signClaimed(List<Long> claimed, String owner) {
        List<LicenceLibrary.SealedFile> files = new ArrayList<>(claimed.size());
        List<Long> failed = new ArrayList<>();
        RuntimeException failure = null;
        Instant renewAt = clock.instant().plus(lease.dividedBy(3));
        for (LicenceVersionView v : library.findVersions(claimed)) {
            if (v.state() != VersionState.PENDING_SIGN) {
                continue;
            }
            if (clock.instant().isAfter(renewAt)) {
                // a slow TSA or HSM: the batch runs on, and holds all its versions, the sealed ones too until they
                // are recorded at its end
                library.renewLease(claimed, owner, clock.instant().plus(lease));
                renewAt = clock.instant().plus(lease.dividedBy(3));
            }
            try {
                LicenceLibrary.SealedFile file = seal(v);
                if (file != null) {
                    files.add(file);
                }
            } catch (RuntimeException e) {
                String reason = CitizenIdNumber.maskWithin(
                        e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                if (library.recordFailure(v.versionId(), FailedStage.SIGN, reason, maxAttempts)) {
                    // failed for good: nothing retries it, so it does not fail the batch either
                    log.error(
                            "Sealing {} failed {} times; it is FAILED until an operator re-drives it: {}",
                            v.identifier(),
                            maxAttempts,
                            reason);
                    continue;
                }
                log.warn("Sealing {} failed, to be tried again: {}", v.identifier(), reason);
                failed.add(v.versionId());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        // the broker redelivers with back-off; this keeps the sweeper from queueing them again meanwhile
        library.markEnqueued(failed);
        List<Long> marked = files.isEmpty() ? List.of() : library.markSigned(files);
        for (LicenceLibrary.SealedFile file : files) {
            if (!marked.contains(file.versionId())) {
                // another worker sealed it first: the library points at the winner's files
                deleteQuietly(this.files.resolve(file.filePath()));
                if (file.ofd() != null) {
                    deleteQuietly(this.files.resolve(file.ofd().filePath()));
                }
            }
        }
        return new Batch(marked, failure);
    }

    /**
     * Renders, seals and stores the version's files (the PDF, and the OFD when its type issues one, with the same
     * face and signing time); null when it was parked (its TSA did not answer).
     */
    private LicenceLibrary.SealedFile seal(LicenceVersionView v) {
        long versionId = v.versionId();
        CertificateType type = catalogue.get(v.typeCode());
        ActiveSeal seal = seals.active(type.sealing().seal());
        Instant signingTime = clock.instant();
        CertificateFace face = faceOf(type, v, seal);
        byte[] unsigned = renderTimer.record(() -> renderer.render(face));
        PadesSealer.Sealed result;
        try {
            result = sealTimer.record(() ->
                    seal.sealer().seal(unsigned, seal.token(), type.sealing().level(), signingTime));
        } catch (SealingDeferredException e) {
            // a TSA or a CA's CRL server that does not answer: never issued below the level its type requires; wait
            // aside, the sweeper hands it back later
            library.park(versionId, e.getMessage());
            return null;
        }
        byte[] sealed = result.pdf();
        String sha256 = Sha256.hex(sealed);
        Path relative = storedPath(v, sha256, "pdf");
        storeTimer.record(() -> store(relative, sealed));
        LicenceLibrary.OfdFile ofd = null;
        if (type.sealing().issuesOfd()) {
            ActiveSeal ofdSeal = seals.activeOfd(type.sealing().ofdSeal());
            byte[] unsignedOfd = ofdRenderTimer.record(() -> renderer.renderOfd(face));
            byte[] sealedOfd =
                    ofdSealTimer.record(() -> ofdSeal.ofdSealer().seal(unsignedOfd, ofdSeal.token(), signingTime));
            String ofdSha256 = Sha256.hex(sealedOfd);
            Path ofdRelative = storedPath(v, ofdSha256, "ofd");
            storeTimer.record(() -> store(ofdRelative, sealedOfd));
            ofd = new LicenceLibrary.OfdFile(ofdRelative.toString(), ofdSha256, ofdSeal.id(), ofdSeal.keyVersion());
        }
        return new LicenceLibrary.SealedFile(
                versionId,
                relative.toString(),
                sha256,
                seal.id(),
                seal.keyVersion(),
                result.archiveTimestampExpiry(),
                ofd);
    }

    /** Reads a version's stored OFD file; null when its type issues none. */
    public byte[] readOfd(LicenceVersionView v) {
        return v.ofdFilePath() == null ? null : readStored(v.ofdFilePath(), v);
    }

    private byte[] readStored(String relative, LicenceVersionView v) {
        try {
            return Files.readAllBytes(files.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sealed file " + relative + " of " + v.identifier(), e);
        }
    }

    /** Where a sealed file goes: each attempt its own name, so a concurrent attempt cannot overwrite the winner's. */
    private static Path storedPath(LicenceVersionView v, String sha256, String extension) {
        return Path.of(
                Integer.toString(v.issuedOn().getYear()),
                v.identifier() + "-" + sha256.substring(0, 12) + "." + extension);
    }

    /** The version's face rendered exactly as sealing would render it, without the seal: what a sealer reviews. */
    public byte[] renderUnsealed(LicenceVersionView v) {
        // no offline payload: a signed one would let a preview the sealer sends back pass an offline check
        return renderer.render(faceOf(catalogue.get(v.typeCode()), v, null));
    }

    /** Reads a stored file of the library. */
    public byte[] read(LicenceVersionView v) {
        return readStored(v.filePath(), v);
    }

    /** @param seal the seal that signs the QR code's offline payload; null for a face without one (a preview) */
    CertificateFace faceOf(CertificateType type, LicenceVersionView v, ActiveSeal seal) {
        var values = new HashMap<String, String>();
        type.fields().forEach(f -> {
            String raw = v.data().get(f.name());
            values.put(
                    f.name(),
                    f.type() == org.certhub.catalog.FieldType.DATE && raw != null
                            ? chineseDate(LocalDate.parse(raw))
                            : f.display(raw));
            if (f.type() == org.certhub.catalog.FieldType.GROUP) {
                // one line per item: 建筑工程（有效期至 2029年5月31日）
                values.put(f.name(), String.join("\n", f.displayItems(v.data(), SigningStage::chineseDate)));
            }
        });
        values.put("number", v.number());
        values.put("issuer", type.issuingAuthority().name());
        values.put("issuedOn", chineseDate(v.issuedOn()));
        values.put("firstIssuedOn", chineseDate(v.firstIssuedOn()));
        values.put("validFrom", v.validFrom() == null ? "" : chineseDate(v.validFrom()));
        values.put("validTo", v.validTo() == null ? "" : chineseDate(v.validTo()));
        var rows = new ArrayList<CertificateFace.Field>();
        for (FaceTemplate.Row row : type.face().rows()) {
            rows.add(new CertificateFace.Field(row.label(), fill(row.value(), values)));
        }
        return new CertificateFace(
                type.face().title(),
                v.number(),
                rows,
                seal == null
                        ? publicBaseUrl + "/v/" + v.verifyToken()
                        : publicBaseUrl + "/v/" + v.verifyToken() + "#"
                                + offlinePayload(type, v).fragment(seal.signer()),
                type.issuingAuthority().name(),
                chineseDate(v.issuedOn()),
                NationalMetadata.embeddedKeys(type, v));
    }

    /** What the QR code carries for a verifier with no network (docs/verification.md, "The offline QR code"). */
    static OfflinePayload offlinePayload(CertificateType type, LicenceVersionView v) {
        return new OfflinePayload(
                v.identifier(),
                v.number(),
                type.code(),
                v.data().getOrDefault(type.holderNameField(), ""),
                CitizenIdNumber.mask(v.data().getOrDefault(type.holderCodeField(), "")),
                v.issuedOn(),
                v.validFrom(),
                v.validTo(),
                v.versionId());
    }

    private static String fill(String template, java.util.Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        var sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String chineseDate(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    /**
     * Writes a sealed file so that it survives a power cut once this returns: the bytes are forced to disk, the file
     * takes its name atomically, and the folder's entry is forced too; only then does the library record it.
     */
    void store(Path relative, byte[] pdf) {
        try {
            DurableFiles.write(files.resolve(relative), pdf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + relative, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // an orphan file is harmless: the library points at the winner's file
        }
    }
}
