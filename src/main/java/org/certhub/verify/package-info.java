/** Public verification of certificates: the page a QR code opens. */
package org.certhub.verify;
