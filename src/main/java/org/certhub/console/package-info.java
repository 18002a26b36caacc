/** Administrators' views: pipeline status, routes and sources with their live edits, and, later, the console pages. */
package org.certhub.console;
