package org.certhub.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certhub.intake.formats.RawRow;
import org.certhub.intake.formats.RecordReader;
import org.certhub.intake.formats.RecordReaders;
import org.certhub.intake.formats.RejectedFileException;
import org.certhub.mapping.Mappings;
import org.certhub.mapping.Normalized;
import org.certhub.mapping.Normalizer;
import org.certhub.mapping.RejectReason;
import org.certhub.mapping.SourceMapping;
import org.springframework.stereotype.Component;

/**
 * What an input would become, without storing anything: integrators try a mapping change on real input before it
 * goes live ({@code POST /api/v1/sources/{source}/dry-run}), and every mapping's samples are checked this way.
 */
@Component
public class DryRun {

    private final Normalizer normalizer;
    private final Clock clock;

    public DryRun(Normalizer normalizer, Clock clock) {
        this.normalizer = normalizer;
        this.clock = clock;
    }

    /**
     * The canonical form of one record, as the samples' expected JSON holds it: either the operation with its
     * values, or the reasons it would be rejected.
     */
    public record Outcome(
            int row,
            String operation,
            String licenceRef,
            String reason,
            String businessKey,
            Map<String, String> values,
            List<RejectReason> rejected) {}

    /** The whole input could not be read: no record is mapped. */
    public static final class UnreadableInput extends RuntimeException {
        UnreadableInput(String message) {
            super(message);
        }
    }

    /**
     * Reads the input with the mapping's format and normalizes each record with the given mapping (which need not
     * be the live one: a mapping being edited is tried this way).
     *
     * @param charset the character set the sender declared for CSV, or null for the mapping's
     * @param limit   at most this many records are read
     */
    public List<Outcome> run(SourceMapping mapping, InputStream input, Charset charset, int limit) {
        var outcomes = new ArrayList<Outcome>();
        LocalDate today = LocalDate.now(clock);
        try (RecordReader reader = RecordReaders.open(input, mapping.format(), charset)) {
            while (reader.hasNext() && outcomes.size() < limit) {
                RawRow row = reader.next();
                outcomes.add(outcome(row.rowNo(), normalizer.normalize(mapping, row.values(), today)));
            }
        } catch (RejectedFileException e) {
            throw new UnreadableInput(e.getMessage());
        } catch (IOException e) {
            throw new UnreadableInput("输入无法读取 (cannot read the input): " + e.getMessage());
        }
        return outcomes;
    }

    /** Like {@link #run(SourceMapping, InputStream, Charset, int)} with the source's live mapping. */
    public List<Outcome> run(Mappings mappings, String source, InputStream input, Charset charset, int limit) {
        SourceMapping mapping = mappings.forSource(source)
                .orElseThrow(() -> new IllegalArgumentException("no mapping for source " + source));
        return run(mapping, input, charset, limit);
    }

    static Outcome outcome(int row, Normalized n) {
        if (n instanceof Normalized.Accepted a) {
            return new Outcome(row, a.operation().id(), a.licenceRef(), a.reason(), a.businessKey(), a.values(), null);
        }
        return new Outcome(row, null, null, null, null, null, ((Normalized.Rejected) n).reasons());
    }
}
