/**
 * Signed policy bundles (docs/policy-bundles.md): a canonical file of policies, suites and fixture
 * digests with a growing version, signed as a DSSE envelope, verified against signers the verifier
 * pins, with rollback protection through a version file.
 */
package dev.teepol.verifier.bundle;
