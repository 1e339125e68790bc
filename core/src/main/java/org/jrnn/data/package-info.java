/**
 * Data utilities of the training stack: scalers fitted on training rows, sliding windows and chronological or
 * seeded random splits for series, and a tokenizer, vocabulary, encoder and length-bucketed batching for texts.
 *
 * <p>Conventions shared by every class: a matrix is a row-major {@code float[]} of shape [N, F] passed together
 * with F (N is derived and the length must be a multiple of F); nothing is random unless a seed is given, and the
 * same seed gives the same result on every run; every bad input is an {@link IllegalArgumentException} whose
 * message names the argument, the index or value and the expected range. Fitted state (scalers, tokenizer
 * configuration, vocabulary) serialises to JSON with a {@code "type"} field; floating-point numbers are written as
 * JSON strings holding {@link Float#toString(float)} or {@link Double#toString(double)}, which parse back to the
 * identical bits because {@code org.jrnn.io.Json} has no fractions.
 */
package org.jrnn.data;
