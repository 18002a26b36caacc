package org.certhub.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certhub.licence.LicenceEvent;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Collects the licence's events once their transaction committed, as the audit log and the console will. A bean of
 * the shared hub ({@link SharedHub}): it hears every test's licences, so a test asks for the versions it made.
 */
public class CommittedLicenceEvents {

    private final List<LicenceEvent> all = new CopyOnWriteArrayList<>();

    @TransactionalEventListener(fallbackExecution = true)
    void on(LicenceEvent event) {
        all.add(event);
    }

    /** The version ids of the events of one kind (issued, sealed or published) about the given versions. */
    public List<Long> versions(Class<? extends LicenceEvent> type, List<Long> of) {
        return all.stream()
                .filter(type::isInstance)
                .map(e -> e instanceof LicenceEvent.VersionIssued v
                        ? v.versionId()
                        : e instanceof LicenceEvent.VersionSealed v
                                ? v.versionId()
                                : ((LicenceEvent.VersionPublished) e).versionId())
                .filter(of::contains)
                .toList();
    }
}
