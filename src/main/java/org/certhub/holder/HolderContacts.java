package org.certhub.holder;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The holders' contacts on record ({@code holder_contact}): one per holder, by ID number. They are not licence data:
 * the registration system or an administrator sets them ({@code PUT /api/v1/holder-contacts}), and a new phone number
 * issues no certificate again nor travels to the provincial network.
 */
@Component
class HolderContacts {

    private final JdbcClient jdbc;
    private final Clock clock;

    HolderContacts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<HolderContact> of(String holderCode) {
        return jdbc.sql("select channel, address from holder_contact where holder_code = ?")
                .param(holderCode)
                .query((rs, n) -> new HolderContact(HolderContact.Channel.valueOf(rs.getString(1)), rs.getString(2)))
                .optional();
    }

    void set(String holderCode, HolderContact contact) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        String update = "update holder_contact set channel = ?, address = ?, updated_at = ? where holder_code = ?";
        if (jdbc.sql(update)
                        .params(contact.channel().name(), contact.address(), now, holderCode)
                        .update()
                == 0) {
            try {
                jdbc.sql("insert into holder_contact (holder_code, channel, address, updated_at) values (?, ?, ?, ?)")
                        .params(holderCode, contact.channel().name(), contact.address(), now)
                        .update();
            } catch (DuplicateKeyException setMeanwhile) {
                jdbc.sql(update)
                        .params(contact.channel().name(), contact.address(), now, holderCode)
                        .update();
            }
        }
    }

    /** @return whether there was one */
    boolean remove(String holderCode) {
        return jdbc.sql("delete from holder_contact where holder_code = ?")
                        .param(holderCode)
                        .update()
                == 1;
    }
}
