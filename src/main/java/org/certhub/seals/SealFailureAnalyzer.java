package org.certhub.seals;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A seal that fails its start-up check ends the start with one readable paragraph instead of a stack trace. */
class SealFailureAnalyzer extends AbstractFailureAnalyzer<SealCheckException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SealCheckException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the seal's key in config/seals.yaml (or its environment "
                        + "variables), propose a new key through POST /api/v1/seals/{id}/keys (another administrator "
                        + "approves it), or remove it; see docs/signing.md, \"Seals and keys\".",
                cause);
    }
}
