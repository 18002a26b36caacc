/** Rendering certificate faces, fonts, QR codes, seals, keys and PAdES signatures. */
package org.certhub.signing;
