package org.certhub.production;

import java.util.List;

/** The hub runs in production mode and something in its settings keeps it from starting. */
class ProductionModeRefused extends RuntimeException {

    private final List<String> problems;

    ProductionModeRefused(List<String> problems) {
        super(ProductionChecks.paragraph(problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
