package org.certhub.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certhub.testing.InMemoryHub.SAFETY_STAFF;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import org.certhub.intake.RawRecord;
import org.certhub.issuance.RecordProcessor;
import org.certhub.issuance.RecordProcessors;
import org.certhub.licence.VersionState;
import org.certhub.sealing.SigningStages;
import org.certhub.testing.Catalogues;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.RawRecords;
import org.certhub.testing.SentMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The sealer's API as a web slice, on the real sealing queue over an in-memory H2 and a catalogue in which
 * safety-management certificates need a sealer: the JSON of a batch decision, the preview's headers, and the problem
 * types of what the queue refuses. Roles are the security chain's business, left out here; the sealer is the
 * request's principal.
 */
@WebMvcTest(SealingQueueController.class)
@AutoConfigureMockMvc(addFilters = false)
class SealingQueueControllerTests {

    private static final Principal SEALER = () -> "sealer.li";

    @Autowired
    MockMvc mvc;

    @Autowired
    InMemoryHub hub;

    @Autowired
    RecordProcessor processor;

    @TestConfiguration(proxyBeanMethods = false)
    static class RealCollaborators {

        private static final Path DIR = Path.of("target", "sealing-queue-controller-tests");

        @Bean
        InMemoryHub hub() {
            return InMemoryHub.at(
                    InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT,
                    DIR,
                    Catalogues.withManualSealing(DIR.resolve("catalog"), SAFETY_STAFF));
        }

        @Bean
        RecordProcessor processor(InMemoryHub hub) {
            return RecordProcessors.on(hub);
        }

        @Bean
        SealingQueue queue(InMemoryHub hub) {
            return new SealingQueue(
                    hub.jdbc(),
                    hub.library(),
                    hub.manualSealing(),
                    hub.rawRecords(),
                    SigningStages.renderingOnly(hub.library(), hub.catalogue(), hub.paths(), hub.clock()),
                    hub.catalogue(),
                    new SentMessages().producer(),
                    hub.transactions(),
                    hub.clock());
        }
    }

    /** A new certificate waiting for a sealer; the database is shared by the tests of this class. */
    private long waitingVersion(int person) {
        RawRecord record = hub.receive(RawRecords.examSystem("张三" + person, RawRecords.idNumber(person)));
        processor.process(List.of(record));
        String identifier = hub.story(record.id()).result().licenceIdentifier();
        return hub.library().findByIdentifier(identifier).orElseThrow().versionId();
    }

    @Test
    void anApprovalAnswersWhatBecameOfEachVersion() throws Exception {
        long version = waitingVersion(31);

        mvc.perform(post("/api/v1/sealing-queue/approve")
                        .principal(SEALER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"versionIds\": [%d, 987654]}".formatted(version)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.decidedBy").value("sealer.li"))
                .andExpect(jsonPath("$.items[0].versionId").value(version))
                .andExpect(jsonPath("$.items[0].outcome").value("APPROVED"))
                .andExpect(jsonPath("$.items[0].state").value("PENDING_SIGN"))
                .andExpect(jsonPath("$.items[1].outcome").value("NOT_FOUND"));

        assertThat(hub.library().findVersion(version).orElseThrow().state()).isEqualTo(VersionState.PENDING_SIGN);
    }

    @Test
    void sendingBackWithoutAReasonIsABadRequest() throws Exception {
        long version = waitingVersion(33);

        mvc.perform(post("/api/v1/sealing-queue/send-back")
                        .principal(SEALER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"versionIds\": [%d]}".formatted(version)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/bad-request"))
                .andExpect(jsonPath("$.detail").value(containsString("a reason is required")));

        assertThat(hub.library().findVersion(version).orElseThrow().state()).isEqualTo(VersionState.AWAITING_SEAL);
    }

    @Test
    void aBatchWithAMissingIdIsABadRequest() throws Exception {
        mvc.perform(post("/api/v1/sealing-queue/approve")
                        .principal(SEALER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"versionIds\": [1, null]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("versionIds contains null")));
    }

    @Test
    void aPreviewIsAnInlinePdfThatIsNotCached() throws Exception {
        long version = waitingVersion(35);

        mvc.perform(get("/api/v1/sealing-queue/{id}/preview", version))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF))
                .andExpect(header().string("Content-Disposition", "inline; filename=\"preview-" + version + ".pdf\""))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().string(startsWith("%PDF-")));
    }

    @Test
    void aPreviewOfAVersionNoLongerWaitingIsAConflictAndOfAnUnknownOneNotFound() throws Exception {
        long version = waitingVersion(37);
        mvc.perform(post("/api/v1/sealing-queue/approve")
                        .principal(SEALER)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"versionIds\": [%d]}".formatted(version)))
                .andExpect(status().isOk());

        mvc.perform(get("/api/v1/sealing-queue/{id}/preview", version))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/not-in-sealing-queue"));
        mvc.perform(get("/api/v1/sealing-queue/{id}/preview", 987_654))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/no-such-version"));
    }
}
