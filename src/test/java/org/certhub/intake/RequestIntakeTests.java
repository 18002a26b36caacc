package org.certhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.certhub.issuance.RecordProcessor;
import org.certhub.issuance.RecordProcessors;
import org.certhub.mapping.RejectReason;
import org.certhub.platform.Sha256;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.RawRecords;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.unit.DataSize;

/**
 * Intake of a pushed request on its own: the training centre's JSON body read whole, stored, processed at once and
 * answered record by record. The {@code rest-channel} route is stood in for by calling the bean's steps as the route
 * calls them, with the real process step behind {@code direct:process-records}.
 */
class RequestIntakeTests {

    private static final String WANG = RawRecords.idNumber(21);
    private static final String LI = RawRecords.idNumber(22);

    @TempDir
    Path dir;

    private InMemoryHub hub;
    private RequestIntake intake;
    /** What direct:process-records does with a batch: the real process step. */
    private Consumer<List<RawRecord>> processRecords;
    /** The batches handed to direct:process-records, in order. */
    private final List<List<RawRecord>> processed = new ArrayList<>();

    @BeforeEach
    void hub() {
        hub = InMemoryHub.at(InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, dir);
        RecordProcessor processor = RecordProcessors.on(hub);
        processRecords = processor::process;
        intake = new RequestIntake(
                hub.rawRecords(),
                hub.mappings(),
                hub.jdbc(),
                hub.transactions(),
                new IntakeSettings(200, 1000, DataSize.ofGigabytes(1), 1_048_576, DataSize.ofMegabytes(512)),
                new SimpleMeterRegistry());
    }

    /** The bean's steps as routes/rest-channel.yaml calls them: store, each batch processed (a failure noted), answer. */
    private RequestIntake.Received receive(
            String source, byte[] body, Charset charset, String idempotencyKey, String requestId, String origin) {
        var stored = intake.store(new RequestIntake.PushedRequest(
                source, new ByteArrayResource(body), Sha256.hex(body), charset, idempotencyKey, requestId, origin));
        for (List<RawRecord> batch : stored.batches()) {
            processed.add(batch);
            try {
                processRecords.accept(batch);
            } catch (RuntimeException e) {
                intake.processingFailed(batch, e);
            }
        }
        return intake.answer(stored);
    }

    /** Two trainees as the centre's system exports them: an electrician, and a welder (no trade of the catalogue). */
    private static byte[] twoTrainees() {
        return """
                [
                  {"enrollmentNo": "JSJX-2026-11-0001",
                   "trainee": {"name": "王建国", "sex": "男", "idCardNo": "%s"},
                   "employer": {"name": "南京建工集团有限公司", "uscc": "91320100134756789F"},
                   "course": {"trade": "建筑电工", "city": "南京"},
                   "exam": {"passedOn": "2026-11-20", "score": 86}},
                  {"enrollmentNo": "JSJX-2026-11-0002",
                   "trainee": {"name": "李秀英", "sex": "女", "idCardNo": "%s"},
                   "employer": {"name": "南京建工集团有限公司", "uscc": "91320100134756789F"},
                   "course": {"trade": "焊工", "city": "南京"},
                   "exam": {"passedOn": "2026-11-20", "score": 91}}
                ]""".formatted(WANG, LI).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRequestIsStoredProcessedAtOnceAndAnsweredRecordByRecord() {
        RequestIntake.Received received =
                receive("training-center", twoTrainees(), null, null, "req-1", "key training-center-1 from 10.0.0.7");

        assertThat(received.records())
                .extracting(
                        RequestIntake.RecordResult::row,
                        RequestIntake.RecordResult::status,
                        RequestIntake.RecordResult::licenceNumber)
                .containsExactly(tuple(1, "issued", "苏A012026000001"), tuple(2, "rejected", null));
        RequestIntake.RecordResult issued = received.records().get(0);
        assertThat(issued.accepted()).isTrue();
        assertThat(hub.library()
                        .findByIdentifier(issued.licenceIdentifier())
                        .orElseThrow()
                        .data())
                .containsEntry("holderName", "王建国")
                .containsEntry("trade", "01");
        RequestIntake.RecordResult rejected = received.records().get(1);
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.reasons())
                .extracting(RejectReason::field, RejectReason::value, RejectReason::rule)
                .containsExactly(tuple("trade", "焊工", "code-table"));
        assertThat(processed).as("one batch").hasSize(1);

        var origin = hub.story(issued.recordId()).origin();
        assertThat(origin.channel()).isEqualTo(RequestIntake.CHANNEL);
        assertThat(origin.deliveryId()).isEqualTo(received.deliveryId());
        assertThat(origin.file()).isEqualTo("req-1");
        assertThat(origin.origin()).isEqualTo("key training-center-1 from 10.0.0.7");
        assertThat(RequestIntake.countByStatus(received.records()))
                .containsEntry("issued", 1)
                .containsEntry("rejected", 1);
    }

    @Test
    void aRequestRetriedWithItsIdempotencyKeyStoresNothingTwiceAndGetsTheSameAnswer() {
        RequestIntake.Received first = receive("training-center", twoTrainees(), null, "idem-7", null, null);

        RequestIntake.Received retried = receive("training-center", twoTrainees(), null, "idem-7", null, null);

        assertThat(retried.records())
                .extracting(
                        RequestIntake.RecordResult::recordId,
                        RequestIntake.RecordResult::status,
                        RequestIntake.RecordResult::licenceNumber)
                .containsExactlyElementsOf(first.records().stream()
                        .map(r -> tuple(r.recordId(), r.status(), r.licenceNumber()))
                        .toList());
        assertThat(hub.library().findCurrent("11100000000013338W032", "苏A012026000002"))
                .isEmpty();
    }

    @Test
    void theSameRecordsWithoutAKeyAreNewRecordsAndDuplicates() {
        RequestIntake.Received first = receive("training-center", twoTrainees(), null, null, "req-1", null);

        RequestIntake.Received again = receive("training-center", twoTrainees(), null, null, "req-2", null);

        assertThat(again.records().get(0).recordId())
                .isNotEqualTo(first.records().get(0).recordId());
        assertThat(again.records())
                .extracting(RequestIntake.RecordResult::status)
                .containsExactly("duplicate", "rejected");
        assertThat(again.records().get(0).licenceNumber()).isEqualTo("苏A012026000001");
    }

    @Test
    void aBodyThatCannotBeReadIsRefusedAndNothingIsStored() {
        RequestIntake.Received broken = receive(
                "training-center", "{\"enrollmentNo\": ".getBytes(StandardCharsets.UTF_8), null, null, "req-1", null);
        assertThat(broken.unreadable()).contains("cannot parse JSON");
        assertThat(broken.records()).isEmpty();
        assertThat(broken.deliveryId()).as("recorded as a failed delivery").isPositive();
        RequestIntake.Received empty =
                receive("training-center", "[]".getBytes(StandardCharsets.UTF_8), null, null, "req-2", null);
        assertThat(empty.unreadable()).contains("the request holds no record");
        assertThat(processed).isEmpty();
        assertThat(hub.jdbc()
                        .sql("select count(*) from raw_record")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aRequestOfASourceWithoutAMappingIsRefused() {
        assertThatThrownBy(() -> receive("nobody", twoTrainees(), null, null, "req-1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void whenProcessingFailsTheRecordsAreKeptAndAnsweredAsReceived() {
        processRecords = batch -> {
            throw new IllegalStateException("broker down");
        };

        RequestIntake.Received received = receive("training-center", twoTrainees(), null, null, "req-1", null);

        assertThat(received.records())
                .extracting(RequestIntake.RecordResult::status)
                .containsExactly("received", "received");
        assertThat(received.records()).noneMatch(RequestIntake.RecordResult::accepted);
        assertThat(hub.rawRecords()
                        .find(received.records().get(0).recordId())
                        .orElseThrow()
                        .status())
                .as("for the sweeper")
                .isEqualTo(RecordStatus.RECEIVED);
    }
}
