/**
 * Signature, certificate-path, CRL and digest helpers over the JDK and Bouncy Castle, every check
 * at an injected instant.
 */
package dev.teepol.core.crypto;
