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
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The seals defined through the API, and every key version of every seal. */
@Repository
class SealStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    SealStore(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** A key version of a seal. */
    record KeyVersion(
            String sealId,
            int version,
            String origin,
            KeyReference key,
            String subject,
            String serial,
            Instant notAfter,
            Instant activatedAt,
            Instant retiredAt) {}

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
        return jdbc.sql("select * from seal_key where seal_id = ? and retired_at is null")
                .param(sealId)
                .query(SealStore::keyVersion)
                .optional();
    }

    List<KeyVersion> history(String sealId) {
        return jdbc.sql("select * from seal_key where seal_id = ? order by version")
                .param(sealId)
                .query(SealStore::keyVersion)
                .list();
    }

    @Transactional
    void define(SealDefinition seal, X509Certificate certificate) {
        jdbc.sql("insert into seal (id, name, authority_code, image, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        seal.id(),
                        seal.name(),
                        seal.authority(),
                        seal.image() == null ? null : seal.image().toString(),
                        now())
                .update();
        activate(seal.id(), "api", seal.key(), certificate);
    }

    /** Retires the seal's active key, if any, and makes this one active; returns its version. */
    @Transactional
    int activate(String sealId, String origin, KeyReference key, X509Certificate certificate) {
        OffsetDateTime now = now();
        jdbc.sql("update seal_key set retired_at = ? where seal_id = ? and retired_at is null")
                .params(now, sealId)
                .update();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from seal_key where seal_id = ?")
                .param(sealId)
                .query(Integer.class)
                .single();
        jdbc.sql("""
                insert into seal_key (seal_id, version, origin, key_reference, subject, serial, not_after, activated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        sealId,
                        version,
                        origin,
                        JSON.writeValueAsString(key.settings()),
                        certificate.getSubjectX500Principal().getName(),
                        certificate.getSerialNumber().toString(16),
                        certificate.getNotAfter().toInstant().atOffset(ZoneOffset.UTC),
                        now)
                .update();
        return version;
    }

    @SuppressWarnings("unchecked")
    private static KeyVersion keyVersion(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var retired = rs.getObject("retired_at", OffsetDateTime.class);
        return new KeyVersion(
                rs.getString("seal_id"),
                rs.getInt("version"),
                rs.getString("origin"),
                KeyReference.of(JSON.readValue(rs.getString("key_reference"), Map.class)),
                rs.getString("subject"),
                rs.getString("serial"),
                rs.getObject("not_after", OffsetDateTime.class).toInstant(),
                rs.getObject("activated_at", OffsetDateTime.class).toInstant(),
                retired == null ? null : retired.toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
    }
}
