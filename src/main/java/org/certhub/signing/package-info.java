/**
 * Certificate documents: rendering a certificate face to PDF ({@link org.certhub.signing.CertificateRenderer}) and
 * sealing it with a visible PAdES baseline B signature ({@link org.certhub.signing.PadesSealer}) through a narrow key
 * port ({@link org.certhub.signing.SignatureToken}).
 *
 * <p>Typical wiring: one {@link org.certhub.signing.FontSet}, one renderer and one sealer per application, all
 * shared by the worker threads; render to bytes, then seal those bytes.
 */
package org.certhub.signing;
