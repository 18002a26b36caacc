/**
 * Key providers behind the {@link org.certhub.sealing.SignatureToken} port: PKCS#12 files and PKCS#11 tokens (HSMs,
 * through Java's SunPKCS11), each opened from a {@link org.certhub.sealing.keys.KeyReference} and guarded by
 * {@link org.certhub.sealing.keys.GuardedSignatureToken} (bounded concurrent use, certificate validity, clear errors).
 */
package org.certhub.sealing.keys;
