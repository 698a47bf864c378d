/**
 * The JSON shapes of checks and normalized evidence shared by every machine-readable output
 * (docs/verdict-schema.md): the verdict document, the corpus runner's lines, the signature report.
 */
package dev.teepol.verifier.json;
