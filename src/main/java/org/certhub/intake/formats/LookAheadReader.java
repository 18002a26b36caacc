package org.certhub.intake.formats;

import java.util.NoSuchElementException;

/** A reader that finds out whether there is a next record by reading it: {@link #readNext()} does the work. */
abstract class LookAheadReader implements RecordReader {

    private RawRow next;
    private boolean ended;

    /** The next record, or null at the end of the input. */
    protected abstract RawRow readNext();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            next = readNext();
            ended = next == null;
        }
        return next != null;
    }

    @Override
    public final RawRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRow row = next;
        next = null;
        return row;
    }
}
