package org.certhub.issuance;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.certhub.testing.InMemoryHub;

/** Builds the process step outside Spring for the tests of other packages: its constructor is package-private. */
public final class RecordProcessors {

    private RecordProcessors() {}

    /** The process step on the hub's mappings, library and raw record store, at the hub's clock. */
    public static RecordProcessor on(InMemoryHub hub) {
        return new RecordProcessor(
                hub.normalizer(),
                hub.library(),
                hub.rawRecords(),
                hub.transactions(),
                hub.clock(),
                new SimpleMeterRegistry());
    }
}
