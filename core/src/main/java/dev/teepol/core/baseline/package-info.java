/**
 * Deprecated provider-level decision; policies decide (dev.teepol.policy).
 */
package dev.teepol.core.baseline;
