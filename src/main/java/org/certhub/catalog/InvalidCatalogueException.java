package org.certhub.catalog;

import java.nio.file.Path;

/** A catalogue file that cannot be used; the hub does not start with it. */
public class InvalidCatalogueException extends RuntimeException {

    public InvalidCatalogueException(Path file, String problem) {
        super("Invalid catalogue file " + file + ": " + problem);
    }
}
