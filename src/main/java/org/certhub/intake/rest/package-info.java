/**
 * The REST push channel: sources post their records, signed with their own key (HMAC-SHA256), and learn at once what
 * became of each; a dry run shows what an input would become without storing it.
 */
package org.certhub.intake.rest;
