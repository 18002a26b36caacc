package org.certhub.seals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.certhub.catalog.Catalogue;
import org.certhub.catalog.CertificateType;
import org.certhub.demopki.DemoPki;
import org.certhub.platform.CerthubPaths;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.sealing.ActiveSeal;
import org.certhub.sealing.ElectronicSeal;
import org.certhub.sealing.OfdSealer;
import org.certhub.sealing.PadesSealer;
import org.certhub.sealing.SealRegistry;
import org.certhub.sealing.SignatureToken;
import org.certhub.sealing.keys.GuardedSignatureToken;
import org.certhub.sealing.keys.KeyAlgorithm;
import org.certhub.sealing.keys.KeyReference;
import org.certhub.sealing.keys.KeyUnavailableException;
import org.certhub.sealing.keys.Pkcs12Key;
import org.certhub.sealing.ltv.LongTermValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The seal registry. At start-up it gathers the demo seal (from the demo PKI under {@code data/keys}), the seals of
 * {@code config/seals.yaml} and those defined through the API, checks every one (the key signs, the signature
 * verifies with the certificate, the certificate is valid now) and refuses to start on the first that fails. A
 * rotated key becomes active at once; earlier key versions stay in the database as history.
 */
@Component
public class Seals implements SealRegistry {

    /** Id of the seal made from the demo PKI; the default seal unless {@code config/seals.yaml} names another. */
    public static final String DEMO = "demo";
    /** Id of the SM2 seal made from the demo PKI; the default SM2 seal unless {@code config/seals.yaml} names another. */
    public static final String DEMO_SM2 = "demo-sm2";
    /** The printed size of an electronic seal's image, the common 42 mm of an official round seal. */
    private static final int SEAL_MILLIMETRES = 42;
    /** Certificates that expire sooner than this raise a warning. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private static final Logger log = LoggerFactory.getLogger(Seals.class);
    private static final byte[] CHECK_DATA = "certhub seal check".getBytes(StandardCharsets.US_ASCII);

    private final SealStore store;
    private final Environment environment;
    private final Clock clock;
    private final Path demoImage;
    private final LongTermValidation ltv;
    private final KeyPolicy policy;
    private final Map<String, Registered> seals = new ConcurrentHashMap<>();
    private final String defaultSeal;
    private final String defaultOfdSeal;
    private final DemoPki demoPki;

    /** A seal with its current key. */
    record Registered(
            SealDefinition definition, String origin, int keyVersion, GuardedSignatureToken token, ActiveSeal active) {

        X509Certificate certificate() {
            return token.certificateChain().get(0);
        }
    }

    Seals(
            SealStore store,
            ObjectProvider<DemoPki> demoPkis,
            Catalogue catalogue,
            Environment environment,
            Clock clock,
            LongTermValidation ltv,
            SealSettings settings) {
        Path file = settings.file();
        this.store = store;
        this.ltv = ltv;
        this.environment = environment;
        this.clock = clock;
        // absent in production mode: no demo seal, and every seal brings its own image
        DemoPki demoPki = demoPkis.getIfAvailable();
        this.demoPki = demoPki;
        this.demoImage = demoPki == null ? null : demoPki.sealImage();
        this.policy = new KeyPolicy(settings.pkcs11Libraries());
        SealsFile configured = SealsFile.load(file);
        var definitions = new LinkedHashMap<String, Definition>();
        if (demoPki != null && configured.seals().stream().noneMatch(s -> s.id().equals(DEMO))) {
            definitions.put(DEMO, new Definition(demoSeal(demoPki, catalogue), "demo"));
        }
        if (demoPki != null && configured.seals().stream().noneMatch(s -> s.id().equals(DEMO_SM2))) {
            definitions.put(DEMO_SM2, new Definition(demoSm2Seal(demoPki, catalogue), "demo"));
        }
        for (SealDefinition seal : configured.seals()) {
            if (definitions.put(seal.id(), new Definition(seal, "file")) != null
                    && !seal.id().equals(DEMO)) {
                throw new IllegalStateException("Seal '" + seal.id() + "' is defined twice in " + file);
            }
        }
        for (SealDefinition seal : store.definedThroughApi()) {
            if (definitions.putIfAbsent(seal.id(), new Definition(seal, "api")) != null) {
                throw new IllegalStateException("Seal '" + seal.id() + "' of " + file
                        + " was also defined through the API; remove one of them");
            }
        }
        this.defaultSeal = configured.defaultSeal() == null ? DEMO : configured.defaultSeal();
        this.defaultOfdSeal = configured.defaultOfdSeal() == null ? DEMO_SM2 : configured.defaultOfdSeal();
        if (!definitions.containsKey(defaultSeal)) {
            throw new IllegalStateException("The default seal '" + defaultSeal + "' of " + file + " is not defined");
        }
        for (CertificateType type : catalogue.types()) {
            String sealId = type.sealing().seal();
            if (sealId != null && !definitions.containsKey(sealId)) {
                throw new IllegalStateException("Catalogue type " + type.code() + " is sealed with seal '" + sealId
                        + "', which is neither in " + file + " nor defined through the API");
            }
        }
        definitions.values().forEach(this::register);
        for (CertificateType type : catalogue.types()) {
            // a PDF seal cannot seal an OFD and the other way round: found at start-up, not at the first certificate
            String pdfSeal =
                    type.sealing().seal() == null ? defaultSeal : type.sealing().seal();
            if (seals.get(pdfSeal).active().sealer() == null) {
                throw new IllegalStateException("Catalogue type " + type.code() + " seals its PDF with seal '" + pdfSeal
                        + "', an SM2 seal, which seals OFD files only");
            }
            if (type.sealing().issuesOfd()) {
                String ofdSeal = type.sealing().ofdSeal() == null
                        ? defaultOfdSeal
                        : type.sealing().ofdSeal();
                Registered registered = seals.get(ofdSeal);
                if (registered == null || registered.active().ofdSealer() == null) {
                    throw new IllegalStateException("Catalogue type " + type.code() + " issues OFD files, sealed with "
                            + "seal '" + ofdSeal + "', which is "
                            + (registered == null ? "not defined" : "not an SM2 " + "seal")
                            + ": define an SM2 seal with its electronic seal in " + file
                            + " and name it in sealing.ofdSeal or default-ofd");
                }
            }
        }
        log.info("Seal registry: {} (default: {}, for OFD: {})", seals.keySet(), defaultSeal, defaultOfdSeal);
    }

    /**
     * What keeps the seal configuration from production mode, with the seals file and the demo PKI's folder as the
     * environment sets them ({@code certhub.seals.file}, {@code certhub.paths.data}), before any bean exists.
     *
     * @param typeSeals the seal each catalogue type names (null: the default seal), by type code
     */
    public static List<String> productionProblems(Environment environment, Map<String, String> typeSeals) {
        Binder binder = Binder.get(environment);
        return productionProblems(
                binder.bindOrCreate("certhub.seals", SealSettings.class).file(),
                binder.bindOrCreate("certhub.paths", CerthubPaths.class).keys(),
                typeSeals);
    }

    /**
     * What keeps the seal configuration from production mode: no seal but the demo one (the default seal, or a
     * type's seal, is {@code demo}), or a seal whose key sits in the demo PKI's folder (signed by the demo CA).
     *
     * @param sealsFile the seals file ({@code certhub.seals.file})
     * @param demoKeys  the demo PKI's folder ({@code data/keys})
     * @param typeSeals the seal each catalogue type names (null: the default seal), by type code
     */
    public static List<String> productionProblems(Path sealsFile, Path demoKeys, Map<String, String> typeSeals) {
        var problems = new ArrayList<String>();
        SealsFile file;
        try {
            file = SealsFile.load(sealsFile);
        } catch (IllegalStateException e) {
            return List.of(e.getMessage());
        }
        if (file.seals().isEmpty()) {
            problems.add(sealsFile + " defines no seal, so the demo seal (a key of the demo PKI, in the "
                    + "department's name) would seal every certificate: define the department's seal there");
        } else if (file.defaultSeal() == null || file.defaultSeal().equals(DEMO)) {
            problems.add("the default seal of " + sealsFile + " is the demo seal: set default: to one of "
                    + file.seals().stream().map(SealDefinition::id).toList());
        }
        var demoTypes = new java.util.TreeSet<String>();
        typeSeals.forEach((type, seal) -> {
            if (DEMO.equals(seal)) {
                demoTypes.add(type);
            }
        });
        if (!demoTypes.isEmpty()) {
            problems.add("catalogue types " + demoTypes + " are sealed with the demo seal");
        }
        Path demo = demoKeys.toAbsolutePath().normalize();
        for (SealDefinition seal : file.seals()) {
            if (seal.id().equals(DEMO)) {
                problems.add(sealsFile + " defines a seal named demo: the demo seal is not used in production");
            } else if (seal.image() == null) {
                problems.add("seal " + seal.id() + " has no image: the demo seal image would be stamped on it");
            } else if (seal.key() instanceof org.certhub.sealing.keys.Pkcs12Key p12
                    && p12.file().toAbsolutePath().normalize().startsWith(demo)) {
                problems.add("seal " + seal.id() + " uses a key of the demo PKI (" + p12.file()
                        + "), whose root CA key stays online: use the department's own certificate");
            }
        }
        return problems;
    }

    private record Definition(SealDefinition seal, String origin) {}

    private static SealDefinition demoSm2Seal(DemoPki pki, Catalogue catalogue) {
        var authority = catalogue.types().iterator().next().issuingAuthority();
        Path passwordFile = pki.keystore().resolveSibling(pki.keystore().getFileName() + ".password");
        return new SealDefinition(
                DEMO_SM2,
                authority.name() + "电子印章",
                authority.creditCode(),
                pki.sealImage(),
                new Pkcs12Key(pki.sm2Keystore(), pki.alias(), null, passwordFile));
    }

    private static SealDefinition demoSeal(DemoPki pki, Catalogue catalogue) {
        var authority = catalogue.types().iterator().next().issuingAuthority();
        Path passwordFile = pki.keystore().resolveSibling(pki.keystore().getFileName() + ".password");
        return new SealDefinition(
                DEMO,
                authority.name(),
                authority.creditCode(),
                pki.sealImage(),
                new Pkcs12Key(pki.keystore(), pki.alias(), null, passwordFile));
    }

    /** Checks the seal's key (the one rotated to through the API if any) and makes it active. */
    private void register(Definition definition) {
        SealDefinition seal = definition.seal();
        var stored = store.active(seal.id());
        KeyReference key = seal.key();
        int version;
        boolean rotatedThroughApi = stored.isPresent() && stored.get().origin().equals("api");
        if (rotatedThroughApi) {
            key = stored.get().key();
            log.info(
                    "Seal '{}' signs with key version {}, rotated through the API",
                    seal.id(),
                    stored.get().version());
        }
        GuardedSignatureToken token = check(seal.id(), key);
        String serial = token.certificateChain().get(0).getSerialNumber().toString(16);
        if (stored.isPresent()
                && stored.get().key().equals(key)
                && stored.get().serial().equals(serial)) {
            version = stored.get().version();
            store.keepCertificate(seal.id(), version, token.certificateChain().get(0));
        } else {
            // a first start, or the configured key (or the certificate in it) changed since the last one
            version = store.activate(
                    seal.id(),
                    rotatedThroughApi ? "api" : definition.origin(),
                    key,
                    token.certificateChain().get(0),
                    null);
            if (stored.isPresent()) {
                log.info("Seal '{}': its key or certificate changed; now key version {}", seal.id(), version);
            }
        }
        put(seal, definition.origin(), version, token);
    }

    private void put(SealDefinition seal, String origin, int version, GuardedSignatureToken token) {
        Registered previous = seals.get(seal.id());
        ActiveSeal active;
        if (KeyAlgorithm.SM2.signatureAlgorithm().equals(token.signatureAlgorithm())) {
            // the electronic seal lists the key's certificate: made (or read) again for each key
            active = new ActiveSeal(seal.id(), version, token, null, new OfdSealer(electronicSeal(seal, token)));
        } else {
            PadesSealer sealer = previous != null && previous.active().sealer() != null
                    ? previous.active().sealer()
                    : sealer(seal);
            active = new ActiveSeal(seal.id(), version, token, sealer);
        }
        var registered = new Registered(seal, origin, version, token, active);
        seals.put(seal.id(), registered);
        warnIfExpiringSoon(registered);
    }

    /**
     * The electronic seal an SM2 key signs OFD files with: read from the seal's {@code electronic-seal} file, which
     * must list the key's certificate; or, in demo mode, made by the demo PKI's SM2 root for this certificate.
     */
    private ElectronicSeal electronicSeal(SealDefinition seal, GuardedSignatureToken token) {
        X509Certificate certificate = token.certificateChain().get(0);
        if (seal.electronicSeal() != null) {
            ElectronicSeal read;
            try {
                read = ElectronicSeal.parse(Files.readAllBytes(seal.electronicSeal()));
            } catch (IOException | IllegalArgumentException e) {
                throw new SealCheckException(
                        seal.id(),
                        "cannot read the electronic seal " + seal.electronicSeal() + ": " + e.getMessage(),
                        e);
            }
            if (!read.lists(certificate)) {
                throw new SealCheckException(
                        seal.id(),
                        "the electronic seal " + seal.electronicSeal() + " does not list the key's certificate "
                                + certificate.getSubjectX500Principal() + " (serial "
                                + certificate.getSerialNumber().toString(16) + "): the seal-making authority issues "
                                + "one that lists it",
                        null);
            }
            return read;
        }
        if (demoPki == null) {
            throw new SealCheckException(
                    seal.id(),
                    "an SM2 seal needs its electronic seal (GB/T 38540), the file the seal-making authority issues: "
                            + "electronic-seal: <file>",
                    null);
        }
        Path image = seal.image() == null ? demoImage : seal.image();
        try {
            SignatureToken maker = org.certhub.sealing.keys.KeyStoreSignatureToken.open(
                    demoPki.sm2RootKeystore(), demoPki.password(), "root");
            return ElectronicSeal.make(
                    "certhub-" + seal.id() + "-" + certificate.getSerialNumber().toString(16),
                    seal.name(),
                    List.of(certificate),
                    Files.readAllBytes(image),
                    SEAL_MILLIMETRES,
                    certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(),
                    clock.instant(),
                    maker);
        } catch (IOException e) {
            throw new SealCheckException(seal.id(), "cannot read the seal image " + image + ": " + e, e);
        }
    }

    private PadesSealer sealer(SealDefinition seal) {
        Path image = seal.image() == null ? demoImage : seal.image();
        if (image == null) {
            throw new SealCheckException(seal.id(), "no seal image (image: a PNG of the seal)", null);
        }
        try {
            return new PadesSealer(
                    Files.readAllBytes(image),
                    CertificateRenderer.sealArea(),
                    "电子证照签章 (certificate sealed by " + seal.name() + ")",
                    seal.name(),
                    ltv);
        } catch (IOException e) {
            throw new SealCheckException(seal.id(), "cannot read the seal image " + image + ": " + e, e);
        }
    }

    /**
     * Refuses a key that names a library or secret variable it may not ({@link KeyPolicy}), then opens the key and
     * proves it: it signs test data, the signature verifies with the certificate's public key, the
     * chain is in order (each certificate issued by the next) and the certificate is valid now.
     *
     * @throws SealCheckException naming the seal and the reason
     */
    GuardedSignatureToken check(String sealId, KeyReference key) {
        policy.check(sealId, key);
        try {
            var token = GuardedSignatureToken.of(
                    key, key.open(KeyPolicy.secrets(environment::getProperty)), "seal '" + sealId + "'", clock);
            List<X509Certificate> chain = token.certificateChain();
            X509Certificate certificate = chain.get(0);
            token.checkValidity();
            Signature verifier = org.certhub.sealing.keys.KeyAlgorithm.signature(token.signatureAlgorithm());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(CHECK_DATA);
            if (!verifier.verify(token.sign(CHECK_DATA))) {
                throw new SealCheckException(
                        sealId,
                        "the certificate " + certificate.getSubjectX500Principal() + " does not match the key ("
                                + key.settings() + ")",
                        null);
            }
            for (int i = 0; i + 1 < chain.size(); i++) {
                if (!chain.get(i)
                        .getIssuerX500Principal()
                        .equals(chain.get(i + 1).getSubjectX500Principal())) {
                    throw new SealCheckException(
                            sealId,
                            "the certificate chain is out of order: certificate " + (i + 1)
                                    + " was not issued by certificate " + (i + 2),
                            null);
                }
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            }
            return token;
        } catch (KeyUnavailableException e) {
            throw new SealCheckException(sealId, e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SealCheckException(sealId, "cannot verify its signature or chain: " + e, e);
        }
    }

    private void warnIfExpiringSoon(Registered seal) {
        long days = daysLeft(seal);
        if (days < EXPIRY_WARNING.toDays()) {
            log.warn(
                    "The certificate of seal '{}' expires in {} days ({}); rotate its key (POST /api/v1/seals/{}/keys)",
                    seal.definition().id(),
                    days,
                    seal.certificate().getNotAfter().toInstant(),
                    seal.definition().id());
        }
    }

    long daysLeft(Registered seal) {
        return Duration.between(
                        clock.instant(), seal.certificate().getNotAfter().toInstant())
                .toDays();
    }

    @Override
    public ActiveSeal active(String sealId) {
        return get(sealId == null ? defaultSeal : sealId).active();
    }

    @Override
    public ActiveSeal activeOfd(String sealId) {
        ActiveSeal active = get(sealId == null ? defaultOfdSeal : sealId).active();
        if (active.ofdSealer() == null) {
            throw new IllegalArgumentException("Seal '" + active.id() + "' is not an SM2 seal: it cannot seal OFD");
        }
        return active;
    }

    /**
     * Whether a certificate that signed a file is one of the registry's seals: a seal's certificate now, or one its
     * issuing authority gave the same seal before (a key the seal was rotated from carries the seal's subject and
     * is signed by the same issuer), valid when it signed.
     *
     * @param certificate  the signing certificate
     * @param signedAt     when it signed
     */
    public boolean knows(X509Certificate certificate, java.time.Instant signedAt) {
        for (Registered seal : seals.values()) {
            List<X509Certificate> chain = seal.token().certificateChain();
            X509Certificate current = chain.get(0);
            if (current.equals(certificate)) {
                return true;
            }
            if (!current.getSubjectX500Principal().equals(certificate.getSubjectX500Principal())
                    || !current.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            for (X509Certificate issuer : chain.subList(1, chain.size())) {
                if (issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                        && issuedBy(certificate, issuer, signedAt)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer, java.time.Instant at) {
        try {
            certificate.verify(issuer.getPublicKey());
            certificate.checkValidity(java.util.Date.from(at));
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Every key that a seal of the registry has signed with and whose certificate is kept, the current ones and those
     * rotated away: the keys a verifier trusts for QR payloads and lists signed before today.
     */
    public List<SealKey> keys() {
        var keys = new ArrayList<SealKey>();
        for (SealStore.KeyCertificate key : store.certificates()) {
            Registered seal = seals.get(key.sealId());
            if (seal == null) {
                // a seal no longer configured: what it signed no longer verifies offline
                continue;
            }
            List<X509Certificate> chain = seal.token().certificateChain();
            keys.add(new SealKey(
                    key.sealId(),
                    seal.definition().name(),
                    seal.definition().authority(),
                    key.version(),
                    key.certificate(),
                    chain.subList(1, chain.size()),
                    key.activatedAt(),
                    key.retiredAt()));
        }
        return keys;
    }

    Registered get(String sealId) {
        Registered seal = seals.get(sealId);
        if (seal == null) {
            throw new NoSuchElementException("No seal '" + sealId + "' in the registry");
        }
        return seal;
    }

    String defaultSeal() {
        return defaultSeal;
    }

    List<Registered> all() {
        var list = new ArrayList<>(seals.values());
        list.sort(Comparator.comparing(s -> s.definition().id()));
        return list;
    }

    /**
     * Proposes a new seal (through the API): its key is checked as at start-up, and the proposal stored; nothing is
     * defined until another administrator approves it.
     */
    SealProposal proposeDefinition(SealDefinition seal, String proposedBy) {
        if (seals.containsKey(seal.id())) {
            throw new IllegalArgumentException("Seal '" + seal.id() + "' exists; rotate its key instead");
        }
        check(seal.id(), seal.key());
        long id = store.propose(SealProposal.Kind.DEFINE, seal.id(), seal.settings(), proposedBy);
        log.info(
                "Seal '{}' proposed by {} (seal proposal {}); another administrator approves it",
                seal.id(),
                proposedBy,
                id);
        return store.proposal(id).orElseThrow();
    }

    /**
     * Proposes a new key for a seal (through the API): checked as at start-up, and the proposal stored; the seal keeps
     * its key until another administrator approves it.
     */
    SealProposal proposeRotation(String sealId, KeyReference key, String proposedBy) {
        get(sealId);
        check(sealId, key);
        long id = store.propose(SealProposal.Kind.ROTATE, sealId, key.settings(), proposedBy);
        log.info(
                "A new key for seal '{}' proposed by {} (seal proposal {}); another administrator approves it",
                sealId,
                proposedBy,
                id);
        return store.proposal(id).orElseThrow();
    }

    /**
     * Approves a waiting proposal: by an administrator other than the one who proposed it, after the key is checked
     * again. A new seal is usable at once; a rotated key seals every certificate from now on.
     *
     * @throws OwnProposalException      when the approver proposed it
     * @throws ProposalDecidedException  when it was approved or rejected already
     * @throws SealCheckException        when the key fails its check now (the proposal keeps waiting)
     */
    synchronized Registered approve(long proposalId, String approvedBy) {
        SealProposal proposal = proposal(proposalId);
        if (proposal.state() != SealProposal.State.PROPOSED) {
            throw new ProposalDecidedException(proposal);
        }
        if (proposal.proposedBy().equals(approvedBy)) {
            throw new OwnProposalException(proposal);
        }
        var approval = new SealProposal.Approval(proposalId, approvedBy);
        return switch (proposal.kind()) {
            case DEFINE -> define(SealDefinition.of(proposal.request()), proposal, approval);
            case ROTATE -> rotate(proposal.sealId(), KeyReference.of(proposal.request()), proposal, approval);
        };
    }

    /** Rejects a waiting proposal (its proposer may withdraw it too); nothing changes. */
    SealProposal reject(long proposalId, String rejectedBy, String reason) {
        SealProposal proposal = proposal(proposalId);
        if (reason != null && reason.length() > 1000) {
            throw new IllegalArgumentException("驳回原因不能超过 1000 字 (the reason is longer than 1000 characters)");
        }
        if (!store.reject(proposalId, rejectedBy, reason)) {
            throw new ProposalDecidedException(proposal(proposalId));
        }
        log.info(
                "Seal proposal {} ({} '{}') rejected by {}",
                proposalId,
                proposal.kind(),
                proposal.sealId(),
                rejectedBy);
        return proposal(proposalId);
    }

    SealProposal proposal(long proposalId) {
        return store.proposal(proposalId).orElseThrow(() -> new NoSuchProposalException(proposalId));
    }

    List<SealProposal> proposals(SealProposal.State state, int limit) {
        return store.proposals(state, limit);
    }

    private Registered define(SealDefinition seal, SealProposal proposal, SealProposal.Approval approval) {
        if (seals.containsKey(seal.id())) {
            throw new IllegalArgumentException("Seal '" + seal.id() + "' exists; rotate its key instead");
        }
        GuardedSignatureToken token = check(seal.id(), seal.key());
        store.define(seal, token.certificateChain().get(0), approval);
        put(seal, "api", 1, token);
        log.info(
                "Seal '{}' defined through the API: proposed by {}, approved by {}",
                seal.id(),
                proposal.proposedBy(),
                approval.approvedBy());
        return seals.get(seal.id());
    }

    private Registered rotate(String sealId, KeyReference key, SealProposal proposal, SealProposal.Approval approval) {
        Registered current = get(sealId);
        GuardedSignatureToken token = check(sealId, key);
        int version =
                store.activate(sealId, "api", key, token.certificateChain().get(0), approval);
        var definition = current.definition();
        put(
                new SealDefinition(
                        definition.id(),
                        definition.name(),
                        definition.authority(),
                        definition.image(),
                        key,
                        definition.electronicSeal()),
                current.origin(),
                version,
                token);
        log.info(
                "Seal '{}' rotated from key version {} to {}: proposed by {}, approved by {}",
                sealId,
                current.keyVersion(),
                version,
                proposal.proposedBy(),
                approval.approvedBy());
        return seals.get(sealId);
    }

    Instant now() {
        return clock.instant();
    }
}
