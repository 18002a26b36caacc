package org.certhub.intake;

import java.security.Principal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.codes.CitizenIdNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Full ID numbers in what the admin API returns: masked for everyone by default; shown in full, on request
 * ({@code ?unmasked=true}), only to an administrator who also has role {@code PII_VIEWER}, and every record so seen
 * is recorded (who, when, which record, through which endpoint) in {@code personal_data_view}, the only table this
 * class writes.
 */
@Component
public class PersonalDataViews {

    /** The authority of an administrator allowed to see full ID numbers. */
    public static final String PII_VIEWER = "ROLE_PII_VIEWER";

    private final JdbcClient jdbc;
    private final Clock clock;

    PersonalDataViews(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One time someone saw a record's full ID numbers. */
    public record View(long recordId, String actor, OffsetDateTime viewedAt, String endpoint) {}

    /**
     * Refuses a caller who asks for full ID numbers without role {@code PII_VIEWER}.
     *
     * @throws NotAllowedException naming the role needed
     */
    public void checkMayView(Principal who) {
        boolean allowed = who instanceof Authentication a
                && a.getAuthorities().stream().anyMatch(g -> PII_VIEWER.equals(g.getAuthority()));
        if (!allowed) {
            throw new NotAllowedException();
        }
    }

    /** Records that the caller saw these records' full ID numbers through the endpoint. */
    public void record(Principal who, Collection<Long> recordIds, String endpoint) {
        var now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        for (long recordId : recordIds) {
            jdbc.sql("""
                    insert into personal_data_view (actor, viewed_at, raw_record_id, endpoint)
                    values (?, ?, ?, ?)""").params(who.getName(), now, recordId, endpoint).update();
        }
    }

    /** Who saw full ID numbers of which record, and when, newest first (at most {@code limit}, up to 1,000). */
    public List<View> views(Long recordId, int limit) {
        var params = new ArrayList<Object>();
        String where = "";
        if (recordId != null) {
            where = " where raw_record_id = ?";
            params.add(recordId);
        }
        params.add(Math.max(1, Math.min(limit, 1000)));
        return jdbc.sql("select raw_record_id, actor, viewed_at, endpoint from personal_data_view" + where
                        + " order by id desc fetch first ? rows only")
                .params(params)
                .query((rs, n) -> new View(
                        rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4)))
                .list();
    }

    /** A raw payload with every ID number in its values masked. */
    public static Map<String, String> masked(Map<String, String> payload) {
        if (payload == null) {
            return null;
        }
        var masked = new LinkedHashMap<String, String>();
        payload.forEach((column, value) -> masked.put(column, CitizenIdNumber.maskWithin(value)));
        return masked;
    }

    /** Full ID numbers asked for by a caller without role {@code PII_VIEWER}. */
    public static final class NotAllowedException extends RuntimeException {
        NotAllowedException() {
            super("查看完整身份证号需要 PII_VIEWER 角色 (full ID numbers need role PII_VIEWER)");
        }
    }
}
