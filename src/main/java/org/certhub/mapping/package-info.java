/** The mapping engine over {@code mappings/}, validation into canonical licence data, and rejects. */
package org.certhub.mapping;
