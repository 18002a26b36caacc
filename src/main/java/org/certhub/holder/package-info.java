/**
 * The holder's corner (本人查询): a holder signs in with their ID number, name and a certificate number (and a one-time
 * code where configured), sees and downloads their certificates, and is reminded before one lapses.
 */
package org.certhub.holder;
