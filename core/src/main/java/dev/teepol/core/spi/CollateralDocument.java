package dev.teepol.core.spi;

/**
 * One collateral document as served: its body, the PEM issuer chain that came with it (a response
 * header for Intel PCS, a side file in a directory; empty when none) and where it came from.
 */
public record CollateralDocument(byte[] body, String issuerChainPem, String origin) {}
