/** The licence aggregate and its lifecycle, GB/T 36904 identifiers, numbering and the library's queries. */
package org.certhub.licence;
