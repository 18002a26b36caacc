/** The certificate face: layout, fonts cut per document, QR code and seal image, rendered to PDF. */
package org.certhub.rendering;
