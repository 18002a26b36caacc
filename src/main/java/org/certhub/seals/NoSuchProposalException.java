package org.certhub.seals;

import java.util.NoSuchElementException;

/** No seal proposal has this id. */
class NoSuchProposalException extends NoSuchElementException {

    NoSuchProposalException(long id) {
        super("印章申请 " + id + " 不存在 (no seal proposal " + id + ")");
    }
}
