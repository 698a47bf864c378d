/**
 * NEAR AI chat signatures ({@code teepol verify-signature}): a signature over one exchange is valid
 * when its key is bound in report_data by a node the report's policy accepts.
 */
package dev.teepol.verifier.near;
