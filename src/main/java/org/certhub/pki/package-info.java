/**
 * The demo PKI's public services, as a real CA and TSA offer them: the root certificate, the CRL the demo root
 * publishes and an RFC 3161 time-stamping authority, all served by the hub over HTTP without authentication.
 */
package org.certhub.pki;
