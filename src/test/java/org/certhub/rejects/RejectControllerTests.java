package org.certhub.rejects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import org.certhub.codes.CitizenIdNumber;
import org.certhub.intake.PersonalDataViews;
import org.certhub.intake.RawRecord;
import org.certhub.intake.RawRecordStore;
import org.certhub.issuance.RecordProcessor;
import org.certhub.issuance.RecordProcessors;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.Licences;
import org.certhub.testing.RawRecords;
import org.certhub.testing.SentMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The rejects API as a web slice: the controller with its real collaborators (re-drive, the raw record store, an
 * in-memory H2), no mocks. What operators get back (JSON, problem details with a stable type) and the checks the API
 * makes before re-drive does anything. Who may call it is the security chain's business, left out here: the caller is
 * given as the request's principal.
 */
@WebMvcTest(RejectController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(PersonalDataViews.class)
class RejectControllerTests {

    private static final Principal OPERATOR = () -> "zhou.min";

    @Autowired
    MockMvc mvc;

    @Autowired
    InMemoryHub hub;

    @Autowired
    RecordProcessor processor;

    @TestConfiguration(proxyBeanMethods = false)
    static class RealCollaborators {

        @Bean
        InMemoryHub hub() {
            // the rejects API writes no files: the hub's folders are never made
            return InMemoryHub.at(
                    InMemoryHub.SHANGHAI_JUST_AFTER_MIDNIGHT, Path.of("target", "reject-controller-tests"));
        }

        @Bean
        RecordProcessor processor(InMemoryHub hub) {
            return RecordProcessors.on(hub);
        }

        @Bean
        JdbcClient jdbc(InMemoryHub hub) {
            return hub.jdbc();
        }

        @Bean
        RawRecordStore rawRecords(InMemoryHub hub) {
            return hub.rawRecords();
        }

        @Bean
        Clock clock(InMemoryHub hub) {
            return hub.clock();
        }

        @Bean
        Redrive redrive(InMemoryHub hub, RecordProcessor processor) {
            return new Redrive(
                    hub.jdbc(),
                    hub.rawRecords(),
                    processor,
                    new SentMessages().producer(),
                    hub.transactions(),
                    hub.clock());
        }
    }

    /** A record received and processed into a reject; the database is shared by the tests of this class. */
    private RawRecord rejected(RawRecords.Row row) {
        RawRecord record = hub.receive(row);
        processor.process(List.of(record));
        return record;
    }

    private RawRecord unknownLicenceSuspended() {
        return rejected(
                RawRecords.enforcement("暂扣", "苏建安C3(2026)0999999", "安全生产事故", "苏建罚〔2026〕" + System.nanoTime() + "号"));
    }

    @Test
    void aRejectIsListedWithItsReasonsAndWhatItSaid() throws Exception {
        RawRecord reject = unknownLicenceSuspended();

        mvc.perform(get("/api/v1/rejects")
                        .param("source", "enforcement-system")
                        .param("rule", "licence-not-found")
                        .param("afterId", Long.toString(reject.id() + 1))
                        .param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].recordId").value(reject.id()))
                .andExpect(jsonPath("$[0].source").value("enforcement-system"))
                .andExpect(jsonPath("$[0].reasons[0].rule").value("licence-not-found"))
                .andExpect(jsonPath("$[0].reasons[0].value").value("苏建安C3(2026)0999999"))
                .andExpect(jsonPath("$[0].payload.action").value("暂扣"));
    }

    /** An exam-system row whose ID number has a wrong check character, rejected; returns the ID number. */
    private RawRecord wrongCheckCharacter(String idNumber) {
        return rejected(RawRecords.examSystem("周八", idNumber));
    }

    private static String withWrongCheckCharacter(String id) {
        return id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
    }

    private static Principal withRoles(String name, String... roles) {
        return new UsernamePasswordAuthenticationToken(
                name,
                null,
                java.util.Arrays.stream(roles)
                        .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                        .toList());
    }

    private int viewsOf(long recordId) {
        return hub.jdbc()
                .sql("select count(*) from personal_data_view where raw_record_id = ?")
                .param(recordId)
                .query(Integer.class)
                .single();
    }

    @Test
    void idNumbersAreMaskedByDefault() throws Exception {
        String id = withWrongCheckCharacter(RawRecords.idNumber(901));
        RawRecord reject = wrongCheckCharacter(id);

        String body = mvc.perform(get("/api/v1/rejects")
                        .principal(withRoles("zhou.min", "ADMIN"))
                        .param("afterId", Long.toString(reject.id() + 1))
                        .param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].recordId").value(reject.id()))
                .andExpect(jsonPath("$[0].reasons[0].rule").value("citizen-id-check"))
                .andExpect(jsonPath("$[0].reasons[0].value").value(CitizenIdNumber.mask(id)))
                .andExpect(jsonPath("$[0].payload.身份证号码").value(id.substring(0, 3) + "***********" + id.substring(14)))
                .andExpect(jsonPath("$[0].payload.姓名").value("周八"))
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(body).doesNotContain(id).doesNotContain(id.substring(6, 14));
        assertThat(viewsOf(reject.id())).isZero();
    }

    @Test
    void fullIdNumbersNeedThePiiViewerRole() throws Exception {
        String id = withWrongCheckCharacter(RawRecords.idNumber(902));
        RawRecord reject = wrongCheckCharacter(id);

        mvc.perform(get("/api/v1/rejects")
                        .principal(withRoles("zhou.min", "ADMIN"))
                        .param("unmasked", "true")
                        .param("afterId", Long.toString(reject.id() + 1))
                        .param("limit", "1"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/unmasking-not-allowed"));

        assertThat(viewsOf(reject.id())).isZero();
    }

    @Test
    void aPiiViewerSeesFullIdNumbersAndTheViewIsRecorded() throws Exception {
        String id = withWrongCheckCharacter(RawRecords.idNumber(903));
        RawRecord reject = wrongCheckCharacter(id);

        mvc.perform(get("/api/v1/rejects")
                        .principal(withRoles("li.na", "ADMIN", "PII_VIEWER"))
                        .param("unmasked", "true")
                        .param("afterId", Long.toString(reject.id() + 1))
                        .param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].reasons[0].value").value(id))
                .andExpect(jsonPath("$[0].payload.身份证号码").value(id));

        mvc.perform(get("/api/v1/rejects/unmasked-views")
                        .principal(withRoles("zhou.min", "ADMIN"))
                        .param("recordId", Long.toString(reject.id())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].recordId").value(reject.id()))
                .andExpect(jsonPath("$[0].actor").value("li.na"))
                .andExpect(jsonPath("$[0].viewedAt").value(org.hamcrest.Matchers.startsWith("2026-12-06T16:30")));
    }

    @Test
    void theDayFilterIsTheAuthoritysDay() throws Exception {
        // received at 16:30 UTC on 6 December: 7 December in Shanghai
        RawRecord reject = unknownLicenceSuspended();
        String after = Long.toString(reject.id() + 1);

        mvc.perform(get("/api/v1/rejects")
                        .param("from", "2026-12-07")
                        .param("to", "2026-12-07")
                        .param("afterId", after)
                        .param("limit", "1"))
                .andExpect(jsonPath("$[0].recordId").value(reject.id()));
        mvc.perform(get("/api/v1/rejects").param("to", "2026-12-06").param("afterId", after))
                .andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void discardingNeedsAReason() throws Exception {
        RawRecord reject = unknownLicenceSuspended();

        mvc.perform(post("/api/v1/rejects/{id}/discard", reject.id())
                        .principal(OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"  \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/bad-request"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("reason is required")));

        assertThat(hub.story(reject.id()).result().status()).isEqualTo("REJECTED");
        assertThat(hub.story(reject.id()).actions()).isEmpty();
    }

    @Test
    void aDiscardIsRecordedWithTheCallerAndTheReason() throws Exception {
        RawRecord reject = unknownLicenceSuspended();

        mvc.perform(post("/api/v1/rejects/{id}/discard", reject.id())
                        .principal(OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"执法系统已撤回该决定\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recordId").value(reject.id()))
                .andExpect(jsonPath("$.status").value("DISCARDED"));

        assertThat(hub.story(reject.id()).actions()).singleElement().satisfies(action -> {
            assertThat(action.action()).isEqualTo("DISCARD");
            assertThat(action.actor()).isEqualTo("zhou.min");
            assertThat(action.reason()).isEqualTo("执法系统已撤回该决定");
        });
    }

    @Test
    void reDrivingARecordThatIsNoRejectIsAConflict() throws Exception {
        Licences.Issued issued = Licences.in(hub).issue(RawRecords.examSystem("钱七", RawRecords.idNumber(17)));

        mvc.perform(post("/api/v1/rejects/{id}/redrive", issued.recordId()).principal(OPERATOR))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/not-a-reject"));
    }

    @Test
    void reDrivingAnUnknownRecordIsNotFound() throws Exception {
        mvc.perform(post("/api/v1/rejects/{id}/redrive", 987_654_321L).principal(OPERATOR))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/no-such-record"));
    }

    @Test
    void reDrivingAllNeedsASource() throws Exception {
        mvc.perform(post("/api/v1/rejects/redrive")
                        .principal(OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"rule\": \"licence-not-found\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://certhub.org/problems/bad-request"));
    }

    @Test
    void aReDriveAnswersWhatBecameOfTheRecords() throws Exception {
        RawRecord reject = unknownLicenceSuspended();

        mvc.perform(post("/api/v1/rejects/{id}/redrive", reject.id())
                        .principal(OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"note\": \"再试一次\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.redriven").value(1))
                .andExpect(jsonPath("$.rejectedAgain").value(1))
                .andExpect(jsonPath("$.recordIds[0]").value(reject.id()));

        assertThat(hub.story(reject.id()).actions())
                .singleElement()
                .satisfies(action -> assertThat(action.reason()).isEqualTo("再试一次"));
    }
}
