package org.certhub.intake;

/** A file refused whole or in part: unreadable, empty, of the wrong header or encoding. */
public class RejectedFileException extends RuntimeException {

    public RejectedFileException(String message) {
        super(message);
    }
}
