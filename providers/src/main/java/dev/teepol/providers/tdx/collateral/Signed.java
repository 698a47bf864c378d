package dev.teepol.providers.tdx.collateral;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A collateral document with what proves it: the exact bytes the signature covers, the raw r‖s
 * signature and the issuer chain (signing certificate first).
 */
public record Signed<T>(
    T content,
    byte[] signedBytes,
    byte[] signature,
    List<X509Certificate> issuerChain,
    String origin) {}
