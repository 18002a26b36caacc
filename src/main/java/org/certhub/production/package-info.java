/**
 * Production mode ({@code certhub.mode=production}): the check that refuses to start a hub while a demo part is in use
 * or a door is left open, with one paragraph naming every problem. Each feature says what is wrong with its own
 * settings; this package gathers them before any other bean is made.
 */
package org.certhub.production;
