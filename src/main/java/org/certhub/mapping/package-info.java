/** The mapping engine over {@code mappings/}, validation into canonical licence data, samples and dry runs. */
package org.certhub.mapping;
