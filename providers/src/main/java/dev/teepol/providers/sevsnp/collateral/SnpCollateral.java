package dev.teepol.providers.sevsnp.collateral;

import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.SigningKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The collateral the SEV-SNP provider asks a {@link dev.teepol.core.spi.CollateralSource} for, in
 * AMD KDS terms. Bodies are certificates (DER or PEM) and CRLs (DER); whatever answers, nothing is
 * trusted for where it came from: every certificate is verified to the pinned ARK.
 */
public final class SnpCollateral {
  /**
   * The report's signing key certificate(s): params {@code product} ("" when unknown: a v2 report
   * without CPUID), {@code signer} ({@code vcek}/{@code vlek}), {@code hwid} (hex, VCEK only) and
   * the reported TCB's SPLs {@code blSPL teeSPL snpSPL ucodeSPL [fmcSPL]} (KDS query names).
   */
  public static final String SIGNING_KEY = "sev-snp.signing_key";

  /** The CA chain (ASK or ASVK, then ARK) of {@code product} for {@code signer}. */
  public static final String CA_CHAIN = "sev-snp.ca_chain";

  /** The CRL AMD's ARK issues for {@code product} and {@code signer}. */
  public static final String CRL = "sev-snp.crl";

  private SnpCollateral() {}

  public static CollateralRequest signingKey(
      Optional<Product> product, SigningKey signer, String hwIdHex, Map<String, Integer> spls) {
    Map<String, String> p = new HashMap<>();
    p.put("product", product.map(Product::kdsName).orElse(""));
    p.put("signer", signer.name().toLowerCase(java.util.Locale.ROOT));
    p.put("hwid", hwIdHex);
    spls.forEach((k, v) -> p.put(k + "SPL", Integer.toString(v)));
    return new CollateralRequest(SIGNING_KEY, p);
  }

  public static CollateralRequest caChain(Optional<Product> product, SigningKey signer) {
    return new CollateralRequest(
        CA_CHAIN,
        Map.of(
            "product",
            product.map(Product::kdsName).orElse(""),
            "signer",
            signer.name().toLowerCase(java.util.Locale.ROOT)));
  }

  public static CollateralRequest crl(Product product, SigningKey signer) {
    return new CollateralRequest(
        CRL,
        Map.of(
            "product",
            product.kdsName(),
            "signer",
            signer.name().toLowerCase(java.util.Locale.ROOT)));
  }
}
