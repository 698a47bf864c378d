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
 * replaces: the purpose it was declared for ({@code PURPOSE=FILE}); else the default with the same
 * subject; else, for a CA certificate whose CN names the NVIDIA Attestation Service, the NRAS
 * intermediate; else (a test PKI) the anchor of the provider that appraises the evidence. The file
 * only routes the certificate: what it is trusted for is then checked cryptographically, exactly
 * like the default it replaces.
 *
 * <p>The last rule suits one kind of evidence. A verifier that takes several kinds and is given an
 * anchor of a private PKI must declare its purpose: undeclared, the anchor would stand in for the
 * root of whatever provider appraises (a TPM AK CA taken for the Intel root of a TDX quote, which
 * then fails), or leave a provider with no purpose for it (an error for every SEV-SNP report).
 *
 * @param file where it was read from ("" when given as a certificate)
 * @param declared the purpose it was declared for, if any
 */
public record TrustAnchorFile(String file, X509Certificate certificate, Optional<String> declared) {
  public TrustAnchorFile(String file, X509Certificate certificate) {
    this(file, certificate, Optional.empty());
  }

  /**
   * The purposes an anchor certificate can be declared for: every embedded default a certificate
   * may replace.
   */
  public static java.util.Set<String> declarablePurposes() {
    java.util.Set<String> out = new java.util.TreeSet<>(PURPOSE_BY_PROVIDER.values());
    out.addAll(PURPOSES_BY_SUBJECT_ONLY);
    return java.util.Collections.unmodifiableSet(out);
  }

  /**
   * The same anchor declared for {@code purpose}.
   *
   * @throws TeepolConfigurationException naming the file when the purpose is not one of {@link
   *     #declarablePurposes()}
   */
  public TrustAnchorFile declaredFor(String purpose) {
    if (!declarablePurposes().contains(purpose)) {
      throw new TeepolConfigurationException(
          file.isEmpty() ? purpose : file,
          "'"
              + purpose
              + "' is not a trust-anchor purpose (purposes: "
              + declarablePurposes()
              + ")");
    }
    return new TrustAnchorFile(file, certificate, Optional.of(purpose));
  }

  /**
   * A reference of the form {@code PURPOSE=FILE} whose PURPOSE is lower-case letters, digits and
   * dashes: the purpose and the file. Anything else is a plain file (write {@code ./a=b.der} for a
   * file whose name has an '=' after such a prefix).
   */
  public static Optional<Map.Entry<String, Path>> declaration(String reference) {
    int eq = reference.indexOf('=');
    if (eq <= 0 || eq == reference.length() - 1) {
      return Optional.empty();
    }
    String purpose = reference.substring(0, eq);
    for (int i = 0; i < purpose.length(); i++) {
      char c = purpose.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return Optional.empty();
      }
    }
    return Optional.of(Map.entry(purpose, Path.of(reference.substring(eq + 1))));
  }

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
      Optional<String> purpose = a.declared().or(() -> purposeFor(a.certificate(), providerId));
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
