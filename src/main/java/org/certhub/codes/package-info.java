/** National codes with check digits: citizen ID numbers (GB 11643), unified social credit codes (GB 32100) and licence identifiers (GB/T 36904). */
package org.certhub.codes;
