package org.certhub.mapping;

import java.nio.file.Path;

/** A mapping file that cannot be used; the hub does not start with it, and a running hub does not take it. */
public class InvalidMappingException extends RuntimeException {

    private final transient Path file;
    private final String problem;

    public InvalidMappingException(Path file, String problem) {
        super("Invalid mapping file " + file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file (or folder) that cannot be used. */
    public Path file() {
        return file;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
