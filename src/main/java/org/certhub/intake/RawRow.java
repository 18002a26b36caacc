package org.certhub.intake;

import java.util.Map;

/** A row as a reader produced it, before it is stored. */
public record RawRow(int rowNo, Map<String, String> values) {
}
