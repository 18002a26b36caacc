package org.certhub.intake.formats;

/** A file refused whole or in part: unreadable, empty, of the wrong header or encoding. */
public class RejectedFileException extends RuntimeException {

    public RejectedFileException(String message) {
        super(message);
    }
}
