/**
 * The demo PKI of a fresh install ({@link org.certhub.demopki.DemoPki}) and its public services, as a real CA and TSA
 * offer them: the root certificate, the CRL the demo root publishes and an RFC 3161 time-stamping authority, served by
 * the hub over HTTP without authentication.
 */
package org.certhub.demopki;
