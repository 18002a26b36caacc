package org.certhub.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.certhub.catalog.Catalogue;
import org.certhub.demopki.DemoPki;
import org.certhub.licence.VersionState;
import org.certhub.rendering.CertificateRenderer;
import org.certhub.rendering.SampleFaces;
import org.certhub.sealing.keys.KeyStoreSignatureToken;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.MovingClock;
import org.certhub.testing.ObservedTokens;
import org.certhub.testing.RawRecords;
import org.certhub.testing.TestFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work claimed, not guessed: a batch of the sign stage claims its versions before it seals them and holds them while
 * it runs, so that two nodes (or two workers) handed the same versions seal each once, counted by the signatures the
 * seal's key made; a version held by a node that died is sealed by another once the lease expired; a slow batch
 * renews its lease and keeps its versions.
 */
class SigningLeasesTests {

    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final MovingClock clock = new MovingClock();
    private InMemoryHub hub;
    private DemoPki pki;
    private final AtomicInteger signatures = new AtomicInteger();
    /** What the key does at each signature besides signing (a slow HSM, in one test). */
    private Consumer<Integer> atSignature = n -> {};

    @BeforeEach
    void hub() throws Exception {
        // the exam system's type, sealed at B-B here: no TSA is needed to count signatures
        Path catalogue = Files.createDirectories(dir.resolve("catalog"));
        TestFolders.copyYaml(Path.of("config/catalog"), catalogue);
        Path staff = catalogue.resolve("safety-management-staff.yaml");
        Files.writeString(staff, Files.readString(staff).replace("sealing: { level: B-LTA }", ""));
        hub = InMemoryHub.at(clock, dir.resolve("hub"), Catalogue.load(catalogue));
        pki = DemoPki.ensure(dir.resolve("pki"), SampleFaces.AUTHORITY);
    }

    /**
     * The demo seal, whose key counts its seals: its signatures over CMS signed attributes (a DER set), one per sealed
     * file, not those of the QR codes' offline payloads.
     */
    private SealRegistry countingSeal() throws Exception {
        SignatureToken key = KeyStoreSignatureToken.open(pki.keystore(), pki.password(), pki.alias());
        SignatureToken counted = ObservedTokens.beforeEachSignature(key, (byte[] data) -> {
            if (data[0] == 0x31) {
                atSignature.accept(signatures.incrementAndGet());
            }
        });
        var sealer =
                new PadesSealer(Files.readAllBytes(pki.sealImage()), CertificateRenderer.sealArea(), "电子证照签章", "南京");
        var seal = new ActiveSeal("demo", 1, counted, sealer);
        // the type issues an OFD too, sealed with SM2: its signatures are not counted
        var ofdSeal = SigningStages.demoSm2Seal(pki);
        return new SealRegistry() {
            @Override
            public ActiveSeal active(String sealId) {
                return seal;
            }

            @Override
            public ActiveSeal activeOfd(String sealId) {
                return ofdSeal;
            }
        };
    }

    private SigningStage node(String name, SealRegistry seals) {
        return SigningStages.sealingOnNode(name, LEASE, seals, hub.library(), hub.catalogue(), hub.paths(), clock);
    }

    private List<Long> issued(int n) {
        var ids = new ArrayList<Long>();
        for (int i = 0; i < n; i++) {
            ids.add(Licences.in(hub)
                    .issue(RawRecords.examSystem("测试" + i, RawRecords.idNumber(700 + i)))
                    .versionId());
        }
        return ids;
    }

    private VersionState state(long versionId) {
        return hub.library().findVersion(versionId).orElseThrow().state();
    }

    @Test
    void twoNodesHandedTheSameVersionsAtOnceSealEachOnce() throws Exception {
        List<Long> ids = issued(8);
        SealRegistry seals = countingSeal();
        SigningStage a = node("node-a", seals);
        SigningStage b = node("node-b", seals);
        var pool = Executors.newFixedThreadPool(4);
        var batches = new ArrayList<Callable<SigningStage.Batch>>();
        // each node twice: a message and its duplicate (the sweeper's, or a redelivery)
        for (SigningStage stage : List.of(a, b, a, b)) {
            batches.add(() -> stage.signAll(ids));
        }

        var sealed = new ArrayList<Long>();
        for (var result : pool.invokeAll(batches)) {
            assertThat(result.get().failure()).isNull();
            sealed.addAll(result.get().sealed());
        }
        pool.shutdown();

        assertThat(signatures.get()).as("signatures the seal's key made").isEqualTo(ids.size());
        assertThat(sealed).as("each sealed by one batch").hasSize(ids.size()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids).allMatch(id -> state(id) == VersionState.SIGNED);
    }

    @Test
    void aVersionHeldByANodeThatDiedIsSealedByAnotherOnceItsLeaseExpired() throws Exception {
        long id = issued(1).get(0);
        assertThat(hub.library()
                        .claim(
                                List.of(id),
                                VersionState.PENDING_SIGN,
                                "node-a/batch-1",
                                clock.instant().plus(LEASE)))
                .containsExactly(id);
        // node a dies here, holding it
        SigningStage b = node("node-b", countingSeal());

        assertThat(b.signAll(List.of(id)).sealed()).as("held by node a").isEmpty();
        assertThat(hub.library()
                        .stalled(VersionState.PENDING_SIGN, clock.instant().plusSeconds(1), 10))
                .as("not stalled while held")
                .doesNotContain(id);
        assertThat(signatures.get()).isZero();

        clock.advance(LEASE.plusSeconds(1));

        assertThat(hub.library().stalled(VersionState.PENDING_SIGN, clock.instant(), 10))
                .as("the sweeper hands it out again")
                .contains(id);
        assertThat(b.signAll(List.of(id)).sealed()).containsExactly(id);
        assertThat(signatures.get()).isEqualTo(1);
        assertThat(state(id)).isEqualTo(VersionState.SIGNED);
    }

    @Test
    void aBatchSlowerThanItsLeaseRenewsItAndNoOtherNodeTakesItsVersions() throws Exception {
        List<Long> ids = issued(4);
        var takenByOthers = new HashSet<Long>();
        // a slow HSM: every signature takes two minutes of the hub's time; meanwhile node b tries to claim them all
        atSignature = n -> {
            clock.advance(Duration.ofMinutes(2));
            takenByOthers.addAll(hub.library()
                    .claim(
                            ids,
                            VersionState.PENDING_SIGN,
                            "node-b/batch-" + n,
                            clock.instant().plus(LEASE)));
        };

        SigningStage.Batch batch = node("node-a", countingSeal()).signAll(ids);

        assertThat(Duration.ofMinutes(2L * ids.size()))
                .as("the batch outlived one lease")
                .isGreaterThan(LEASE);
        assertThat(takenByOthers).as("claimed by node b meanwhile").isEmpty();
        assertThat(batch.sealed()).containsExactlyElementsOf(ids);
        assertThat(signatures.get()).isEqualTo(ids.size());
    }

    @Test
    void aNodeStartedAgainFreesWhatItHeldWhenItDiedAndNothingOfAnotherNode() throws Exception {
        List<Long> ids = issued(2);
        hub.library()
                .claim(
                        List.of(ids.get(0)),
                        VersionState.PENDING_SIGN,
                        "node-a/batch-1",
                        clock.instant().plus(LEASE));
        hub.library()
                .claim(
                        List.of(ids.get(1)),
                        VersionState.PENDING_SIGN,
                        "node-ab/batch-1",
                        clock.instant().plus(LEASE));
        // node a was killed while sealing; it starts again under the same name
        SigningStage restarted = node("node-a", countingSeal());

        restarted.releaseLeftoverLeases();

        assertThat(restarted.signAll(ids).sealed())
                .as("its own at once; node ab's only after its lease")
                .containsExactly(ids.get(0));
    }
}
