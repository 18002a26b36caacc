package org.certhub.seals;

/** An administrator tried to approve their own seal proposal: it takes a second administrator. */
class OwnProposalException extends RuntimeException {

    OwnProposalException(SealProposal proposal) {
        super("印章申请 " + proposal.id() + " 由 " + proposal.proposedBy() + " 提出，须由另一位管理员批准 (seal proposal "
                + proposal.id() + " was proposed by " + proposal.proposedBy()
                + "; another administrator must approve it)");
    }
}
