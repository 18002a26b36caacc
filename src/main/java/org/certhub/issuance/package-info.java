/** Normalize-and-issue: raw records become licence operations; the pipeline's endpoints and queue names in one place; the stalled-work sweeper. */
package org.certhub.issuance;
