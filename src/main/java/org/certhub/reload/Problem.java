package org.certhub.reload;

import java.time.Instant;

/**
 * Why an edit was not taken.
 *
 * @param file    the file, relative to its folder ({@code exam-system.yaml}, {@code samples/exam-system/demo.csv})
 * @param message what is wrong, for the integrator who made the edit
 * @param at      when the edit was tried
 */
public record Problem(String file, String message, Instant at) {}
