/**
 * Key providers behind the {@link org.certhub.signing.SignatureToken} port: PKCS#12 files and PKCS#11 tokens (HSMs,
 * through Java's SunPKCS11), each opened from a {@link org.certhub.signing.keys.KeyReference} and guarded by
 * {@link org.certhub.signing.keys.GuardedSignatureToken} (bounded concurrent use, certificate validity, clear errors).
 */
package org.certhub.signing.keys;
