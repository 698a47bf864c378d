/**
 * What the token-shaped providers (NRAS, Confidential Space) share about JOSE: the time window of a
 * token and reading a JWKS within bounds. The JOSE itself is Nimbus's.
 */
package dev.teepol.providers.jose;
