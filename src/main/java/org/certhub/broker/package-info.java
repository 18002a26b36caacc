/**
 * The standalone broker that several hub nodes share ({@code java -jar certhub.jar broker}): the same Artemis, with
 * the same queue settings, as the broker embedded in a single node.
 */
package org.certhub.broker;
