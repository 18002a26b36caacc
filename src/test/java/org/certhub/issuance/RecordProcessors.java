package org.certhub.issuance;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.certhub.rendering.FontSet;
import org.certhub.testing.InMemoryHub;
import org.certhub.testing.ShippedFonts;

/** Builds the process step outside Spring for the tests of other packages: its constructor is package-private. */
public final class RecordProcessors {

    private RecordProcessors() {}

    /** The process step on the hub's mappings, library and raw record store, at the hub's clock. */
    public static RecordProcessor on(InMemoryHub hub) {
        return on(hub, ShippedFonts.get());
    }

    /** The same, with these fonts to print with instead of the shipped ones. */
    public static RecordProcessor on(InMemoryHub hub, FontSet fonts) {
        return new RecordProcessor(
                hub.normalizer(),
                fonts,
                hub.library(),
                hub.rawRecords(),
                hub.transactions(),
                hub.clock(),
                new SimpleMeterRegistry());
    }
}
