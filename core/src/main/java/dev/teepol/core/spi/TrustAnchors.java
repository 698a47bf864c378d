package dev.teepol.core.spi;

import dev.teepol.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Root certificates by purpose ({@link #INTEL_SGX_ROOT}, AMD ARK per product, ...). Defaults are
 * embedded; any purpose can be overridden, and an override replaces the default entirely (it is
 * not added to it), so a user who pins a root pins exactly that root.
 */
public final class TrustAnchors {
  public static final String INTEL_SGX_ROOT = "intel-sgx-root";

  /** SHA-256 of the DER of Intel's SGX Root CA, checked when the embedded copy is loaded. */
  static final String INTEL_SGX_ROOT_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  private final Map<String, List<X509Certificate>> anchors;

  private TrustAnchors(Map<String, List<X509Certificate>> anchors) {
    this.anchors = Map.copyOf(anchors);
  }

  public static TrustAnchors of(Map<String, List<X509Certificate>> anchors) {
    return new TrustAnchors(anchors);
  }

  /** The embedded defaults. */
  public static TrustAnchors defaults() {
    return Defaults.INSTANCE;
  }

  public List<X509Certificate> get(String purpose) {
    return anchors.getOrDefault(purpose, List.of());
  }

  /** A copy with {@code purpose} replaced by exactly {@code roots}. */
  public TrustAnchors with(String purpose, List<X509Certificate> roots) {
    Map<String, List<X509Certificate>> m = new HashMap<>(anchors);
    m.put(purpose, List.copyOf(roots));
    return new TrustAnchors(m);
  }

  private static final class Defaults {
    static final TrustAnchors INSTANCE = load();

    private static TrustAnchors load() {
      try (InputStream in = TrustAnchors.class.getResourceAsStream("/dev/teepol/core/anchors/intel-sgx-root-ca.pem")) {
        if (in == null) {
          throw new IllegalStateException("embedded Intel SGX Root CA is missing from the jar");
        }
        List<X509Certificate> certs = Certificates.parsePemChain(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII), 1);
        String fp = Certificates.sha256Hex(certs.get(0));
        if (!fp.equals(INTEL_SGX_ROOT_SHA256)) {
          throw new IllegalStateException("embedded Intel SGX Root CA has fingerprint " + fp);
        }
        return new TrustAnchors(Map.of(INTEL_SGX_ROOT, certs));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.security.cert.CertificateException e) {
        throw new IllegalStateException("embedded Intel SGX Root CA does not parse", e);
      }
    }
  }
}
