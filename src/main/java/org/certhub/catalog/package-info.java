/** Certificate types: schema, face template, validity rule, numbering; loaded from {@code config/catalog/}. */
package org.certhub.catalog;
