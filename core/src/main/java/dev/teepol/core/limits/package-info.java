/**
 * Every size bound teepol enforces, in one record ({@link dev.teepol.core.limits.Limits},
 * docs/limits.md).
 */
package dev.teepol.core.limits;
