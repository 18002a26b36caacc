/**
 * Format readers that turn a file or message into a stream of raw rows: CSV (GB18030 or UTF-8), workbooks (XLSX,
 * XLS), XML, JSON.
 */
package org.certhub.intake.formats;
