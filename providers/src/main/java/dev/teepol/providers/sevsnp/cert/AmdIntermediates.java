package dev.teepol.providers.sevsnp.cert;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.providers.sevsnp.abi.Product;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * AMD's ASKs and ASVK, embedded so that a report with only its VCEK can be verified offline. They
 * are not anchors: each is verified to the pinned ARK like a supplied one, and used only when the
 * evidence and the collateral supplied no intermediate (a supplied one is never replaced by these).
 * Each is checked against its SHA-256 fingerprint when it loads (docs/security.md).
 */
public final class AmdIntermediates {
  static final Map<String, String> SHA256 =
      Map.of(
          "ask-milan.pem", "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b",
          "ask-genoa.pem", "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521",
          "ask-turin.pem", "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185",
          "asvk-milan.pem", "c5e081f59b7efab1fe2f8b505e159704e72f29cab7ef7cf628a05a42439082f5");

  private static final Map<Product, AmdCertificate> ASK = new EnumMap<>(Product.class);
  private static final Map<Product, AmdCertificate> ASVK = new EnumMap<>(Product.class);

  static {
    for (Product p : Product.values()) {
      ASK.put(p, load("ask-" + p.id() + ".pem", AmdRole.ASK, p));
    }
    ASVK.put(Product.MILAN, load("asvk-milan.pem", AmdRole.ASVK, Product.MILAN));
  }

  private AmdIntermediates() {}

  /** The embedded ASK (for VCEKs) or ASVK (for VLEKs) of {@code product}, where teepol has one. */
  public static Optional<AmdCertificate> of(Product product, AmdRole role) {
    return Optional.ofNullable((role == AmdRole.ASVK ? ASVK : ASK).get(product));
  }

  private static AmdCertificate load(String resource, AmdRole role, Product product) {
    try (InputStream in =
        AmdIntermediates.class.getResourceAsStream("/dev/teepol/providers/sevsnp/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("embedded " + resource + " is missing from the jar");
      }
      X509Certificate c =
          Certificates.parsePemChain(new String(in.readAllBytes(), StandardCharsets.US_ASCII), 1)
              .get(0);
      String fp = Certificates.sha256Hex(c);
      if (!fp.equals(SHA256.get(resource))) {
        throw new IllegalStateException(
            "embedded "
                + resource
                + " has fingerprint "
                + fp
                + ", expected "
                + SHA256.get(resource));
      }
      AmdCertificate a =
          AmdCertificate.classify(c)
              .filter(x -> x.role() == role && x.product() == product)
              .orElseThrow(() -> new IllegalStateException(resource + " is not the " + role));
      return a;
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("embedded " + resource + " does not load", e);
    }
  }
}
