package org.certhub.intake;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.certhub.intake.formats.RejectedFileException;

/**
 * A file dropped into a source's inbox, as the {@code intake-file} route carries it in its body from
 * {@link FileIntake#receive} through {@link FileIntake#open} and the split over its {@link #batches()} to
 * {@link FileIntake#complete} or {@link FileIntake#fail}: which source and file it is and, once opened, its content
 * hash, its delivery and its batches. A fault met part-way through the file waits here until the rows before it have
 * gone on.
 */
public final class DroppedFile {

    private final String source;
    private final Path path;
    private final String archivedName;
    private final String accepts;
    private String sha256;
    private Delivery delivery;
    private Iterator<List<RawRecord>> batches = Collections.emptyIterator();
    private RejectedFileException fault;

    /**
     * @param archivedName the name the file gets in {@code done/} or {@code failed/}; null when it keeps its own
     */
    DroppedFile(String source, Path path, String archivedName) {
        this(source, path, archivedName, null);
    }

    /**
     * @param accepts the regular expression of the file names the source reads; null: any
     */
    DroppedFile(String source, Path path, String archivedName, String accepts) {
        this.source = source;
        this.path = path;
        this.archivedName = archivedName == null ? name() : archivedName;
        this.accepts = accepts == null || accepts.isBlank() ? null : accepts;
    }

    /** The regular expression of the file names the source reads, or null when it reads any. */
    String accepts() {
        return accepts;
    }

    /**
     * The file's batches of raw records, each stored before it is returned: empty until the file is opened, and when
     * the very same file was read to its end before a restart.
     */
    public Iterator<List<RawRecord>> batches() {
        return batches;
    }

    String source() {
        return source;
    }

    Path path() {
        return path;
    }

    String name() {
        return path.getFileName().toString();
    }

    /** The name under which the file is moved to {@code done/} or {@code failed/}. */
    String archivedName() {
        return archivedName;
    }

    /** The SHA-256 of the content, once the file was read for it; null before. */
    String sha256() {
        return sha256;
    }

    /** The delivery the file is read as (new, resumed, or done before a restart); null until it is opened. */
    Delivery delivery() {
        return delivery;
    }

    /** The fault that ended the reading early, after the rows before it; null when there was none. */
    RejectedFileException fault() {
        return fault;
    }

    void hashed(String sha256) {
        this.sha256 = sha256;
    }

    void opened(Delivery delivery, Iterator<List<RawRecord>> batches) {
        this.delivery = delivery;
        this.batches = batches;
    }

    void faulted(RejectedFileException fault) {
        this.fault = fault;
    }

    @Override
    public String toString() {
        return "file " + name() + " of " + source + (delivery == null ? "" : " (delivery " + delivery.id() + ")");
    }
}
