/**
 * The embedding API of teepol: verify attestation evidence and decide with a trust policy.
 *
 * <p>{@link dev.teepol.verifier.TeepolVerifier} is the one entry point: build it once with a
 * policy, collateral and trust anchors, then call {@code verify} for each piece of evidence; it is
 * immutable, thread-safe and owns its caches. A {@link dev.teepol.verifier.VerificationResult}
 * carries the decision, every check with its reason, the normalized evidence and the JSON document
 * of docs/verdict-schema.md. Configuration errors throw {@link
 * dev.teepol.verifier.TeepolConfigurationException} from {@code build()}; bad evidence never
 * throws, it is a DENY result.
 */
package dev.teepol.verifier;
