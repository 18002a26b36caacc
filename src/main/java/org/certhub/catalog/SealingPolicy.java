package org.certhub.catalog;

/**
 * How certificates of a type are sealed.
 *
 * @param seal   the id of the seal in the seal registry; null means the registry's default seal of the issuing
 *               authority
 * @param level  the PAdES baseline level
 * @param manual whether a person with the sealer role must approve each batch before it is sealed
 */
public record SealingPolicy(String seal, SignatureLevel level, boolean manual) {

    /** The policy of a type that says nothing: the default seal, B-B, automatic. */
    public static final SealingPolicy DEFAULT = new SealingPolicy(null, SignatureLevel.B_B, false);

    public SealingPolicy {
        if (level == null) {
            level = SignatureLevel.B_B;
        }
    }
}
