/**
 * Manual sealing: the queue of licence versions whose type requires a sealer's approval, and what a sealer does
 * with a batch of them (list, preview, approve, send back with a reason), each decision recorded with who and when.
 */
package org.certhub.approval;
