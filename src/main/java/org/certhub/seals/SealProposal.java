package org.certhub.seals;

import java.time.Instant;
import java.util.Map;

/**
 * A proposal to define a seal or rotate a seal's key through the API, and what became of it. It takes effect only
 * when an administrator other than the one who proposed it approves it.
 *
 * @param request    the seal definition ({@code DEFINE}) or the key block ({@code ROTATE}), as in config/seals.yaml
 * @param decidedBy  who approved or rejected it, or null while it waits
 * @param reason     why it was rejected, or null
 * @param keyVersion the key version its approval made, or null
 */
record SealProposal(
        long id,
        Kind kind,
        String sealId,
        Map<String, Object> request,
        State state,
        String proposedBy,
        Instant proposedAt,
        String decidedBy,
        Instant decidedAt,
        String reason,
        Integer keyVersion) {

    /** What the proposal does. */
    enum Kind {
        DEFINE,
        ROTATE
    }

    /** Where the proposal is. */
    enum State {
        PROPOSED,
        APPROVED,
        REJECTED
    }

    /** Who approved a key, for the key version it makes. */
    record Approval(long proposalId, String approvedBy) {}
}
