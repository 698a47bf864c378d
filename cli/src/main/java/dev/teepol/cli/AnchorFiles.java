package dev.teepol.cli;

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
 * Trust-anchor certificates given as files. A file replaces the embedded default whose subject it
 * carries; else an NVIDIA Attestation Service CA certificate replaces the NRAS intermediate; else
 * (a test PKI) the purpose comes from the provider that appraises the evidence. Several files may
 * be given, one per purpose (a NEAR report needs the Intel root and the NRAS intermediate).
 */
public final class AnchorFiles {
  /** Largest certificate file read; a root certificate is about 1 KB. */
  public static final long MAX_CERT_FILE_BYTES = Limits.DEFAULT.maxAnchorBytes();

  /**
   * The anchor purpose each provider validates against. TrustAnchors cannot list its purposes yet,
   * so the CLI keeps this table; it moves into the SPI once providers declare their anchors.
   */
  static final Map<String, String> PURPOSE_BY_PROVIDER = Map.of("tdx", TrustAnchors.INTEL_SGX_ROOT,
      "nras", TrustAnchors.NVIDIA_NRAS_INTERMEDIATE);
  /** What NVIDIA's NRAS CA and intermediates carry in their subject CN ("NVIDIA Attestation Service GPU Intermediate 004"). */
  static final String NRAS_CA_NAME = "NVIDIA Attestation Service";

  private AnchorFiles() {}

  /** Reads exactly one certificate, DER or PEM. */
  public static X509Certificate read(Path file) throws InputException {
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(file, MAX_CERT_FILE_BYTES, "trust anchor");
    } catch (LimitExceededException e) {
      throw new InputException(file.toString(), e.getMessage() + ": too large for a certificate");
    } catch (NoSuchFileException e) {
      throw new InputException(file.toString(), "no such file");
    } catch (IOException e) {
      throw new InputException(file.toString(), "cannot read: " + e.getMessage());
    }
    return parseOne(bytes).orElseThrow(() -> new InputException(file.toString(), "not a single X.509 certificate (DER or PEM)"));
  }

  /** The certificate when the bytes hold exactly one, DER or PEM; empty for anything else. */
  public static Optional<X509Certificate> parseOne(byte[] bytes) {
    try {
      List<X509Certificate> certs = Certificates.parseAny(bytes, 2);
      return certs.size() == 1 ? Optional.of(certs.get(0)) : Optional.empty();
    } catch (Exception e) {
      // Sniffing arbitrary files: anything the certificate parser rejects is simply not a certificate.
      return Optional.empty();
    }
  }

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

  /** The purpose of the embedded default anchor with the same subject as {@code cert}, if any. */
  public static Optional<String> purposeBySubject(X509Certificate cert) {
    TrustAnchors defaults = TrustAnchors.defaults();
    return PURPOSE_BY_PROVIDER.values().stream().distinct()
        .filter(p -> defaults.get(p).stream().anyMatch(d -> d.getSubjectX500Principal().equals(cert.getSubjectX500Principal())))
        .findFirst();
  }

  /**
   * The purpose a user-supplied anchor replaces for evidence appraised by {@code providerId}. The
   * file is the operator's, so its name only routes it; what it is trusted for is then checked
   * cryptographically like the default it replaces.
   */
  public static Optional<String> purposeFor(X509Certificate cert, String providerId) {
    return purposeBySubject(cert)
        .or(() -> nrasCa(cert) ? Optional.of(TrustAnchors.NVIDIA_NRAS_INTERMEDIATE) : Optional.empty())
        .or(() -> Optional.ofNullable(PURPOSE_BY_PROVIDER.get(providerId)));
  }

  /** A CA certificate whose subject CN names the NVIDIA Attestation Service (NVIDIA's, or a test PKI's copy). */
  static boolean nrasCa(X509Certificate cert) {
    if (cert.getBasicConstraints() < 0) {
      return false;
    }
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    return Arrays.stream(subject.getRDNs(BCStyle.CN))
        .anyMatch(cn -> IETFUtils.valueToString(cn.getFirst().getValue()).contains(NRAS_CA_NAME));
  }

  /** An anchor certificate with the file it came from. */
  public record Loaded(Path file, X509Certificate cert) {}

  /** Reads every anchor file (each must hold exactly one certificate). */
  public static List<Loaded> readAll(List<Path> files) throws InputException {
    List<Loaded> out = new java.util.ArrayList<>();
    for (Path f : files) {
      out.add(new Loaded(f, read(f)));
    }
    return out;
  }

  /**
   * Assigns each anchor its purpose for {@code providerId}; two anchors for one purpose are refused.
   *
   * @param noPurpose the error for an anchor without a purpose
   */
  public static Map<String, X509Certificate> byPurpose(List<Loaded> anchors, String providerId, String noPurpose)
      throws InputException {
    Map<String, X509Certificate> out = new LinkedHashMap<>();
    Map<String, Path> from = new HashMap<>();
    for (Loaded a : anchors) {
      String purpose = purposeFor(a.cert(), providerId).orElseThrow(() -> new InputException(a.file().toString(), noPurpose));
      Path previous = from.putIfAbsent(purpose, a.file());
      if (previous != null) {
        throw new InputException(a.file().toString(), "a second trust anchor for " + purpose + " (the first is " + previous + ")");
      }
      out.put(purpose, a.cert());
    }
    return out;
  }
}
