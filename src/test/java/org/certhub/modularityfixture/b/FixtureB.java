package org.certhub.modularityfixture.b;

import org.certhub.modularityfixture.a.FixtureA;

/** The other half of the deliberate package cycle of {@link FixtureA}. */
public class FixtureB {

    FixtureA partner;
}
