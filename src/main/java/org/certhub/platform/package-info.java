/** Wiring that belongs to no feature: paths, security, Camel and broker set-up, the sweeper and the bench command. */
package org.certhub.platform;
