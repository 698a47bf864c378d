package dev.teepol.providers.sevsnp.collateral;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.sevsnp.cert.AmdCertificate;
import dev.teepol.providers.sevsnp.cert.AmdRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * AMD certificates and CRLs supplied as files in a directory, found by content, not by name: every
 * top-level file that holds X.509 certificates AMD's names classify (VCEK, VLEK, ASK, ASVK, ARK;
 * DER or PEM, one file may hold several) or a DER CRL. This is how a relying party hands teepol the
 * {@code vcek.der} and {@code ask_ark_milan.pem} it fetched, and how the corpus runner reads a case
 * folder. The files are evidence, not trust: the provider verifies every certificate it is given to
 * the pinned ARK, and a supplied certificate that does not verify fails the chain check.
 *
 * <p>The directory is read once, on the first request, at most {@link Limits#maxAttestedParts()}
 * files of at most {@link Limits#maxCollateralBytes()} bytes each (larger files are not
 * certificates and are skipped).
 */
public final class AmdCertificateDirectory implements CollateralSource {
  private final Path dir;
  private final Limits limits;
  private volatile Contents contents;

  /** The documents built from the (fixed) contents, by role set: built once, served many times. */
  private final java.util.Map<List<AmdRole>, Optional<CollateralDocument>> documents =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Contents(
      List<AmdCertificate> certificates, List<byte[]> crls, List<String> files) {}

  public AmdCertificateDirectory(Path dir, Limits limits) {
    this.dir = dir;
    this.limits = limits;
  }

  public Path directory() {
    return dir;
  }

  /**
   * Whether {@code dir} holds at least one AMD certificate (a cheap test for the corpus runner).
   */
  public static boolean holdsAmdCertificates(Path dir, Limits limits) {
    try {
      return !new AmdCertificateDirectory(dir, limits).load().certificates().isEmpty();
    } catch (CollateralException e) {
      return false;
    }
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    return switch (request.type()) {
      case SnpCollateral.SIGNING_KEY ->
          pem(
              request,
              "vlek".equals(request.param("signer"))
                  ? List.of(AmdRole.VLEK)
                  : List.of(AmdRole.VCEK));
      case SnpCollateral.CA_CHAIN -> pem(request, List.of(AmdRole.ASK, AmdRole.ASVK, AmdRole.ARK));
      case SnpCollateral.CRL -> {
        List<byte[]> crls = load().crls();
        // One CRL per request: several would need a rule for which one counts; the provider asks
        // per product and checks the issuer, so the first is offered and the others stay unread.
        yield crls.isEmpty()
            ? Optional.empty()
            : Optional.of(new CollateralDocument(crls.get(0), "", "directory " + dir));
      }
      default -> Optional.empty();
    };
  }

  /**
   * Every certificate of the roles asked for, whatever its product: a supplied certificate for
   * another product must reach the provider and fail its chain check, not be quietly left out.
   */
  private Optional<CollateralDocument> pem(CollateralRequest request, List<AmdRole> roles)
      throws CollateralException {
    Contents all = load();
    return documents.computeIfAbsent(roles, r -> build(all, r));
  }

  private Optional<CollateralDocument> build(Contents all, List<AmdRole> roles) {
    StringBuilder sb = new StringBuilder();
    for (AmdCertificate c : all.certificates()) {
      if (roles.contains(c.role())) {
        sb.append(toPem(c.certificate()));
      }
    }
    return sb.length() == 0
        ? Optional.empty()
        : Optional.of(
            new CollateralDocument(
                sb.toString().getBytes(StandardCharsets.US_ASCII), "", "directory " + dir));
  }

  static String toPem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Contents load() throws CollateralException {
    Contents c = contents;
    if (c == null) {
      synchronized (this) {
        if (contents == null) {
          contents = scan();
        }
        c = contents;
      }
    }
    return c;
  }

  private Contents scan() throws CollateralException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .limit(limits.maxAttestedParts())
              .toList();
    } catch (IOException e) {
      throw new CollateralException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    List<AmdCertificate> certs = new ArrayList<>();
    List<byte[]> crls = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes;
      try {
        bytes = BoundedFiles.read(f, limits.maxCollateralBytes(), f.toString());
      } catch (LimitExceededException | IOException e) {
        continue;
      }
      List<AmdCertificate> found = certificates(bytes);
      if (!found.isEmpty()) {
        certs.addAll(found);
        names.add(f.getFileName().toString());
      } else if (crl(bytes).isPresent()) {
        crls.add(bytes);
        names.add(f.getFileName().toString());
      }
    }
    return new Contents(List.copyOf(certs), List.copyOf(crls), List.copyOf(names));
  }

  private List<AmdCertificate> certificates(byte[] bytes) {
    try {
      List<AmdCertificate> out = new ArrayList<>();
      for (X509Certificate c : Certificates.parseAny(bytes, limits.maxCertChainLength())) {
        AmdCertificate.classify(c).ifPresent(out::add);
      }
      return out;
    } catch (Exception e) {
      // Scanning a folder: a file the certificate parser refuses is simply not a certificate.
      return List.of();
    }
  }

  private static Optional<X509CRL> crl(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != 0x30) {
      return Optional.empty();
    }
    try {
      return Optional.of(Certificates.parseCrl(bytes));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  @Override
  public String describe() {
    return "AMD certificates in " + dir;
  }
}
