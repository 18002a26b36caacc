package org.certhub.seals;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.sealing.keys.KeyReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seals defined through the API, every key version of every seal, and the proposals that define seals or rotate
 * keys through the API with who proposed and who approved them.
 */
@Repository
class SealStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    SealStore(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String KEY_VERSIONS = """
            select k.*, p.proposed_by, p.proposed_at, p.decided_by, p.decided_at
            from seal_key k left join seal_proposal p on p.id = k.proposal_id
            """;

    /**
     * A key version of a seal; one that came through the API names who proposed it and who approved it (null for the
     * demo seal's and config/seals.yaml's keys).
     */
    record KeyVersion(
            String sealId,
            int version,
            String origin,
            KeyReference key,
            String subject,
            String serial,
            Instant notAfter,
            Instant activatedAt,
            Instant retiredAt,
            String proposedBy,
            Instant proposedAt,
            String approvedBy,
            Instant approvedAt) {}

    List<SealDefinition> definedThroughApi() {
        return jdbc.sql("select id, name, authority_code, image from seal order by id")
                .query((rs, n) -> {
                    String sealId = rs.getString("id");
                    KeyReference key = active(sealId)
                            .map(KeyVersion::key)
                            .orElseThrow(() -> new IllegalStateException(
                                    "seal '" + sealId + "' has no active key in the database"));
                    String image = rs.getString("image");
                    return new SealDefinition(
                            sealId,
                            rs.getString("name"),
                            rs.getString("authority_code"),
                            image == null ? null : Path.of(image),
                            key);
                })
                .list();
    }

    boolean definedThroughApi(String sealId) {
        return jdbc.sql("select count(*) from seal where id = ?")
                        .param(sealId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    Optional<KeyVersion> active(String sealId) {
        return jdbc.sql(KEY_VERSIONS + "where k.seal_id = ? and k.retired_at is null")
                .param(sealId)
                .query(SealStore::keyVersion)
                .optional();
    }

    /** Records the certificate of a key activated before the store kept certificates (V28). */
    void keepCertificate(String sealId, int version, X509Certificate certificate) {
        jdbc.sql("update seal_key set certificate = ? where seal_id = ? and version = ? and certificate is null")
                .params(encoded(certificate), sealId, version)
                .update();
    }

    /** Every key of every seal whose certificate is kept: seal id, version, certificate, activated, retired. */
    List<KeyCertificate> certificates() {
        return jdbc.sql(
                        "select seal_id, version, certificate, activated_at, retired_at from seal_key where certificate is not null order by seal_id, version")
                .query((rs, n) -> {
                    var retired = rs.getObject("retired_at", OffsetDateTime.class);
                    return new KeyCertificate(
                            rs.getString("seal_id"),
                            rs.getInt("version"),
                            decoded(rs.getString("certificate")),
                            rs.getObject("activated_at", OffsetDateTime.class).toInstant(),
                            retired == null ? null : retired.toInstant());
                })
                .list();
    }

    record KeyCertificate(
            String sealId, int version, X509Certificate certificate, Instant activatedAt, Instant retiredAt) {}

    private static String encoded(X509Certificate certificate) {
        try {
            return java.util.Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate decoded(String base64) {
        byte[] der = java.util.Base64.getDecoder().decode(base64);
        try {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            try {
                // a key on a curve Java does not know (SM2, "Unknown named curve"): BouncyCastle reads it
                return (X509Certificate) java.security.cert.CertificateFactory.getInstance(
                                "X.509", org.certhub.sealing.keys.KeyAlgorithm.provider())
                        .generateCertificate(new java.io.ByteArrayInputStream(der));
            } catch (java.security.cert.CertificateException again) {
                again.addSuppressed(e);
                throw new IllegalStateException("a seal key's stored certificate does not parse", again);
            }
        }
    }

    List<KeyVersion> history(String sealId) {
        return jdbc.sql(KEY_VERSIONS + "where k.seal_id = ? order by k.version")
                .param(sealId)
                .query(SealStore::keyVersion)
                .list();
    }

    /** Stores a seal defined through the API, and its first key, as the approval of its proposal. */
    @Transactional
    void define(SealDefinition seal, X509Certificate certificate, SealProposal.Approval approval) {
        jdbc.sql("insert into seal (id, name, authority_code, image, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        seal.id(),
                        seal.name(),
                        seal.authority(),
                        seal.image() == null ? null : seal.image().toString(),
                        now())
                .update();
        activate(seal.id(), "api", seal.key(), certificate, approval);
    }

    /**
     * Retires the seal's active key, if any, and makes this one active; returns its version. With an approval, in
     * the same transaction, marks that proposal approved, or fails with nothing changed if it was decided meanwhile.
     */
    @Transactional
    int activate(
            String sealId,
            String origin,
            KeyReference key,
            X509Certificate certificate,
            SealProposal.Approval approval) {
        OffsetDateTime now = now();
        jdbc.sql("update seal_key set retired_at = ? where seal_id = ? and retired_at is null")
                .params(now, sealId)
                .update();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from seal_key where seal_id = ?")
                .param(sealId)
                .query(Integer.class)
                .single();
        jdbc.sql("""
                insert into seal_key (seal_id, version, origin, key_reference, subject, serial, not_after, activated_at,
                                      proposal_id, certificate)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        sealId,
                        version,
                        origin,
                        JSON.writeValueAsString(key.settings()),
                        certificate.getSubjectX500Principal().getName(),
                        certificate.getSerialNumber().toString(16),
                        certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC),
                        now,
                        approval == null ? null : approval.proposalId(),
                        encoded(certificate))
                .update();
        if (approval != null) {
            int approved = jdbc.sql("""
                    update seal_proposal set state = 'APPROVED', decided_by = ?, decided_at = ?, key_version = ?
                    where id = ? and state = 'PROPOSED'""")
                    .params(approval.approvedBy(), now, version, approval.proposalId())
                    .update();
            if (approved != 1) {
                throw new ProposalDecidedException(
                        proposal(approval.proposalId()).orElseThrow());
            }
        }
        return version;
    }

    /** Stores a proposal to define a seal or rotate its key; returns its id. */
    long propose(SealProposal.Kind kind, String sealId, Map<String, Object> request, String proposedBy) {
        var id = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into seal_proposal (kind, seal_id, request, state, proposed_by, proposed_at)
                values (?, ?, ?, 'PROPOSED', ?, ?)""")
                .params(kind.name(), sealId, JSON.writeValueAsString(request), proposedBy, now())
                .update(id, "id");
        return id.getKeyAs(Number.class).longValue();
    }

    Optional<SealProposal> proposal(long id) {
        return jdbc.sql("select * from seal_proposal where id = ?")
                .param(id)
                .query(SealStore::proposal)
                .optional();
    }

    /** Proposals, newest first, all or those in one state. */
    List<SealProposal> proposals(SealProposal.State state, int limit) {
        var query = state == null
                ? jdbc.sql("select * from seal_proposal order by id desc limit ?")
                        .param(limit)
                : jdbc.sql("select * from seal_proposal where state = ? order by id desc limit ?")
                        .params(state.name(), limit);
        return query.query(SealStore::proposal).list();
    }

    /** Rejects a waiting proposal; false when it was decided already. */
    boolean reject(long id, String rejectedBy, String reason) {
        return jdbc.sql("""
                        update seal_proposal set state = 'REJECTED', decided_by = ?, decided_at = ?, reason = ?
                        where id = ? and state = 'PROPOSED'""").params(rejectedBy, now(), reason, id).update() == 1;
    }

    @SuppressWarnings("unchecked")
    private static SealProposal proposal(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var decided = rs.getObject("decided_at", OffsetDateTime.class);
        return new SealProposal(
                rs.getLong("id"),
                SealProposal.Kind.valueOf(rs.getString("kind")),
                rs.getString("seal_id"),
                JSON.readValue(rs.getString("request"), Map.class),
                SealProposal.State.valueOf(rs.getString("state")),
                rs.getString("proposed_by"),
                rs.getObject("proposed_at", OffsetDateTime.class).toInstant(),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getString("reason"),
                (Integer) rs.getObject("key_version", Integer.class));
    }

    @SuppressWarnings("unchecked")
    private static KeyVersion keyVersion(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var retired = rs.getObject("retired_at", OffsetDateTime.class);
        var proposed = rs.getObject("proposed_at", OffsetDateTime.class);
        var approved = rs.getObject("decided_at", OffsetDateTime.class);
        return new KeyVersion(
                rs.getString("seal_id"),
                rs.getInt("version"),
                rs.getString("origin"),
                KeyReference.of(JSON.readValue(rs.getString("key_reference"), Map.class)),
                rs.getString("subject"),
                rs.getString("serial"),
                rs.getObject("not_after", OffsetDateTime.class).toInstant(),
                rs.getObject("activated_at", OffsetDateTime.class).toInstant(),
                retired == null ? null : retired.toInstant(),
                rs.getString("proposed_by"),
                proposed == null ? null : proposed.toInstant(),
                rs.getString("decided_by"),
                approved == null ? null : approved.toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
