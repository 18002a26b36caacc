package org.certhub.mapping;

import java.nio.file.Path;

/** A mapping file that cannot be used; the hub does not start with it. */
public class InvalidMappingException extends RuntimeException {

    public InvalidMappingException(Path file, String problem) {
        super("Invalid mapping file " + file + ": " + problem);
    }
}
