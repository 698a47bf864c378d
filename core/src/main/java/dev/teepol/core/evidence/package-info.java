/**
 * The normalized evidence model policies see, the same for every TEE (docs/evidence-model.md), with
 * each value's {@link dev.teepol.core.evidence.Binding}.
 */
package dev.teepol.core.evidence;
