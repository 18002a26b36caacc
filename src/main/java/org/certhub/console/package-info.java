/** Administrators' views: pipeline status and, later, the console pages. */
package org.certhub.console;
