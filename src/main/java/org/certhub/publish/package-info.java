/** Publication targets, acknowledgements and retry state. */
package org.certhub.publish;
