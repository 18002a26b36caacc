/**
 * Certificate documents: rendering a certificate face to PDF ({@link org.certhub.signing.CertificateRenderer}) and
 * sealing it with a visible PAdES signature at the type's baseline level, B-B to B-LTA
 * ({@link org.certhub.signing.PadesSealer}), through a narrow key port ({@link org.certhub.signing.SignatureToken});
 * the demo PKI of a fresh install ({@link org.certhub.signing.DemoPki}); and the job that keeps B-LTA archives valid
 * ({@link org.certhub.signing.ArchiveTimestamps}).
 *
 * <p>Typical wiring: one {@link org.certhub.signing.FontSet}, one renderer and one sealer per application, all
 * shared by the worker threads; render to bytes, then seal those bytes.
 */
package org.certhub.signing;
