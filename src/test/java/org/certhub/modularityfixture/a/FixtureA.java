package org.certhub.modularityfixture.a;

import org.certhub.modularityfixture.b.FixtureB;

/** A deliberate package cycle (a -> b -> a) that ModularityTests must find; not production code, never run. */
public class FixtureA {

    FixtureB partner;
}
