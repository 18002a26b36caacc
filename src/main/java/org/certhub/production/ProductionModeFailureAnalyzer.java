package org.certhub.production;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Production mode's refusal ends the start with its paragraph instead of a stack trace. */
class ProductionModeFailureAnalyzer extends AbstractFailureAnalyzer<ProductionModeRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionModeRefused cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set what each item names (docs/operations.md, \"Production mode\", lists every variable), or run the "
                        + "demo with CERTHUB_MODE=demo.",
                cause);
    }
}
