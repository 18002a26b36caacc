package org.certhub.seals;

/** A seal proposal was approved or rejected already: it cannot be decided again. */
class ProposalDecidedException extends RuntimeException {

    ProposalDecidedException(SealProposal proposal) {
        super("印章申请 " + proposal.id() + " 已由 " + proposal.decidedBy() + " 于 " + proposal.decidedAt() + " 处理 (seal "
                + "proposal " + proposal.id() + " was "
                + proposal.state().name().toLowerCase(java.util.Locale.ROOT)
                + " by " + proposal.decidedBy() + " at " + proposal.decidedAt() + ")");
    }
}
