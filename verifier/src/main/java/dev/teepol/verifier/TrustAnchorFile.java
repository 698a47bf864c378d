package dev.teepol.verifier;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.TrustAnchors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * A trust-anchor certificate given as a file, and the rule that says which embedded default it
 * replaces: the default with the same subject; else, for a CA certificate whose CN names the NVIDIA
 * Attestation Service, the NRAS intermediate; else (a test PKI) the anchor of the provider that
 * appraises the evidence. The file only routes the certificate: what it is trusted for is then
 * checked cryptographically, exactly like the default it replaces.
 *
 * @param file where it was read from ("" when given as a certificate)
 */
public record TrustAnchorFile(String file, X509Certificate certificate) {
  /**
   * The anchor purpose each provider validates against, for anchors that carry no known name.
   * TrustAnchors cannot list its purposes yet; this moves into the SPI once providers declare them.
   */
  static final Map<String, String> PURPOSE_BY_PROVIDER =
      Map.of(
          "tdx",
          TrustAnchors.INTEL_SGX_ROOT,
          "dstack",
          TrustAnchors.INTEL_SGX_ROOT,
          "near",
          TrustAnchors.INTEL_SGX_ROOT,
          "nras",
          TrustAnchors.NVIDIA_NRAS_INTERMEDIATE,
          "confidential-space",
          TrustAnchors.GOOGLE_CONFIDENTIAL_SPACE_ROOT,
          // Tinfoil's TDX documents chain to Intel; its SEV-SNP ones reach the AMD ARKs by subject.
          "tinfoil",
          TrustAnchors.INTEL_SGX_ROOT,
          "tpm",
          TrustAnchors.TPM_AK_ROOT);

  /**
   * What NVIDIA's NRAS CA and intermediates carry in their subject CN ("NVIDIA Attestation Service
   * GPU Intermediate 004").
   */
  static final String NRAS_CA_NAME = "NVIDIA Attestation Service";

  /**
   * Reads exactly one certificate, DER or PEM, of at most {@link Limits#maxAnchorBytes()} bytes.
   *
   * @throws TeepolConfigurationException naming the file: missing, unreadable, too large, or not
   *     exactly one certificate
   */
  public static TrustAnchorFile read(Path file, Limits limits) {
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(file, limits.maxAnchorBytes(), "trust anchor");
    } catch (LimitExceededException e) {
      throw new TeepolConfigurationException(
          file.toString(), e.getMessage() + ": too large for a certificate");
    } catch (NoSuchFileException e) {
      throw new TeepolConfigurationException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new TeepolConfigurationException(file.toString(), "cannot read: " + e.getMessage());
    }
    X509Certificate cert =
        parseOne(bytes)
            .orElseThrow(
                () ->
                    new TeepolConfigurationException(
                        file.toString(), "not a single X.509 certificate (DER or PEM)"));
    return new TrustAnchorFile(file.toString(), cert);
  }

  /** The certificate when the bytes hold exactly one, DER or PEM; empty for anything else. */
  public static Optional<X509Certificate> parseOne(byte[] bytes) {
    try {
      List<X509Certificate> certs = Certificates.parseAny(bytes, 2);
      return certs.size() == 1 ? Optional.of(certs.get(0)) : Optional.empty();
    } catch (Exception e) {
      // Sniffing arbitrary files: anything the certificate parser rejects is simply not a
      // certificate.
      return Optional.empty();
    }
  }

  /**
   * Whether the certificate names itself as issuer and its signature verifies under its own key.
   */
  public static boolean selfSigned(X509Certificate cert) {
    if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
      return false;
    }
    try {
      cert.verify(cert.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Purposes no single provider stands for: the AMD ARKs, one per product, which the SEV-SNP
   * provider picks by the report's product. An anchor reaches them only by its subject.
   */
  static final List<String> PURPOSES_BY_SUBJECT_ONLY = TrustAnchors.AMD_ARKS;

  /** The purpose of the embedded default anchor with the same subject as {@code cert}, if any. */
  public static Optional<String> purposeBySubject(X509Certificate cert) {
    TrustAnchors defaults = TrustAnchors.defaults();
    return java.util.stream.Stream.concat(
            PURPOSE_BY_PROVIDER.values().stream(), PURPOSES_BY_SUBJECT_ONLY.stream())
        .distinct()
        .filter(
            p ->
                defaults.get(p).stream()
                    .anyMatch(
                        d -> d.getSubjectX500Principal().equals(cert.getSubjectX500Principal())))
        .findFirst();
  }

  /** The purpose a user-supplied anchor replaces for evidence appraised by {@code providerId}. */
  public static Optional<String> purposeFor(X509Certificate cert, String providerId) {
    return purposeBySubject(cert)
        .or(
            () ->
                nrasCa(cert)
                    ? Optional.of(TrustAnchors.NVIDIA_NRAS_INTERMEDIATE)
                    : Optional.empty())
        .or(() -> Optional.ofNullable(PURPOSE_BY_PROVIDER.get(providerId)));
  }

  /**
   * A CA certificate whose subject CN names the NVIDIA Attestation Service (NVIDIA's, or a test
   * PKI's copy).
   */
  static boolean nrasCa(X509Certificate cert) {
    if (cert.getBasicConstraints() < 0) {
      return false;
    }
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    return Arrays.stream(subject.getRDNs(BCStyle.CN))
        .anyMatch(cn -> IETFUtils.valueToString(cn.getFirst().getValue()).contains(NRAS_CA_NAME));
  }

  /**
   * Assigns each anchor its purpose for {@code providerId}.
   *
   * @return purpose → certificate, or the problem: an anchor without a purpose, or two for one
   */
  static Resolution byPurpose(List<TrustAnchorFile> anchors, String providerId) {
    Map<String, X509Certificate> out = new LinkedHashMap<>();
    Map<String, String> from = new HashMap<>();
    for (TrustAnchorFile a : anchors) {
      Optional<String> purpose = purposeFor(a.certificate(), providerId);
      if (purpose.isEmpty()) {
        return new Resolution(
            Map.of(),
            Optional.of(
                new Problem(a.file(), "no trust-anchor purpose for provider " + providerId)));
      }
      String previous = from.putIfAbsent(purpose.get(), a.file());
      if (previous != null) {
        return new Resolution(
            Map.of(),
            Optional.of(
                new Problem(
                    a.file(),
                    "a second trust anchor for "
                        + purpose.get()
                        + " (the first is "
                        + previous
                        + ")")));
      }
      out.put(purpose.get(), a.certificate());
    }
    return new Resolution(java.util.Collections.unmodifiableMap(out), Optional.empty());
  }

  record Problem(String where, String message) {}

  record Resolution(Map<String, X509Certificate> anchors, Optional<Problem> problem) {}
}
