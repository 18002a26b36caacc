/** Wiring that belongs to no feature: paths, security, Camel and broker set-up and small shared helpers. */
package org.certhub.platform;
