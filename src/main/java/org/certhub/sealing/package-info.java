/**
 * The sign stage: sealing a rendered face with a visible PAdES signature at the type's baseline level, B-B to B-LTA
 * ({@link org.certhub.sealing.PadesSealer}), through a narrow key port ({@link org.certhub.sealing.SignatureToken});
 * and the job that keeps B-LTA archives valid ({@link org.certhub.sealing.ArchiveTimestamps}).
 */
package org.certhub.sealing;
