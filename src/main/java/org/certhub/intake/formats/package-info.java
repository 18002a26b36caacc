/** Format readers that turn a file or message into a stream of raw rows: CSV (GB18030 or UTF-8), XLSX, XML, JSON. */
package org.certhub.intake.formats;
