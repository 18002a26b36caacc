package org.certhub.catalog;

import java.util.EnumSet;
import java.util.Set;

/**
 * How certificates of a type are sealed, and in which files.
 *
 * @param seal    the id of the seal in the seal registry that seals the PDF; null means the registry's default seal
 * @param level   the PAdES baseline level
 * @param manual  whether a person with the sealer role must approve each batch before it is sealed
 * @param ofdSeal the id of the SM2 seal that seals the OFD; null means the registry's default SM2 seal
 * @param files   the files each version is issued in; both share identifier, number, QR code and status
 */
public record SealingPolicy(String seal, SignatureLevel level, boolean manual, String ofdSeal, Set<FileFormat> files) {

    /** The policy of a type that says nothing: the default seal, B-B, automatic, a PDF. */
    public static final SealingPolicy DEFAULT = new SealingPolicy(null, SignatureLevel.B_B, false);

    public SealingPolicy {
        if (level == null) {
            level = SignatureLevel.B_B;
        }
        files = files == null || files.isEmpty() ? Set.of(FileFormat.PDF) : Set.copyOf(EnumSet.copyOf(files));
    }

    /** A policy for a PDF only. */
    public SealingPolicy(String seal, SignatureLevel level, boolean manual) {
        this(seal, level, manual, null, Set.of(FileFormat.PDF));
    }

    /** Whether versions of the type are issued as an OFD too. */
    public boolean issuesOfd() {
        return files.contains(FileFormat.OFD);
    }
}
