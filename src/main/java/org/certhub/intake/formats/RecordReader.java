package org.certhub.intake.formats;

import java.io.Closeable;
import java.nio.charset.Charset;
import java.util.Iterator;

/**
 * Records read from a file or a message body, one at a time, in the shape the source's mapping declares. A reader
 * never holds the whole input: files of millions of rows stream through. Input it cannot read throws
 * {@link RejectedFileException} with a sentence an operator can act on; records before the fault have been
 * returned already.
 */
public interface RecordReader extends Iterator<RawRow>, Closeable {

    /** The character set the text was read in, for messages; null for binary formats. */
    Charset charset();
}
