package dev.teepol.core.crypto;

import dev.teepol.core.bytes.Hex;
import java.io.ByteArrayInputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** X.509 parsing and path validation on the JDK's PKIX implementation, at an injected instant. */
public final class Certificates {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  /**
   * ASCII characters a PEM body may hold: the base64 alphabet, '=' and white space as {@link
   * Character#isWhitespace} defines it. A table, because every certificate of every chain passes
   * through this loop.
   */
  private static final boolean[] PEM_BODY = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      PEM_BODY[c] =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || Character.isWhitespace(c);
    }
  }

  private Certificates() {}

  private static CertificateFactory factory() throws CertificateException {
    return CertificateFactory.getInstance("X.509");
  }

  public static X509Certificate parseDer(byte[] der) throws CertificateException {
    return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
  }

  /** Parses either one DER certificate or PEM text holding one or more. */
  public static List<X509Certificate> parseAny(byte[] bytes, int maxCount)
      throws CertificateException {
    if (bytes.length > 0 && bytes[0] == 0x30) {
      return List.of(parseDer(bytes));
    }
    return parsePemChain(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII), maxCount);
  }

  /**
   * Parses a PEM chain in order. Refuses more than {@code maxCount} certificates and text that has
   * none, so a hostile chain cannot make the verifier walk without bound.
   */
  public static List<X509Certificate> parsePemChain(String pem, int maxCount)
      throws CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = pem.indexOf(BEGIN, at);
      if (begin < 0) {
        requireBlank(pem, at, pem.length());
        break;
      }
      requireBlank(pem, at, begin);
      int body = begin + BEGIN.length();
      int end = pem.indexOf(END, body);
      if (end < 0) {
        throw new CertificateException("certificate " + out.size() + ": no END CERTIFICATE line");
      }
      if (out.size() == maxCount) {
        throw new CertificateException(
            "certificate chain has more than " + maxCount + " certificates");
      }
      byte[] der;
      try {
        der = java.util.Base64.getMimeDecoder().decode(base64Body(pem, body, end, out.size()));
      } catch (IllegalArgumentException e) {
        throw new CertificateException(
            "certificate " + out.size() + ": bad base64: " + e.getMessage());
      }
      try {
        out.add(parseDer(der));
      } catch (CertificateException e) {
        throw new CertificateException("certificate " + out.size() + ": " + e.getMessage(), e);
      }
      at = end + END.length();
    }
    if (out.isEmpty()) {
      throw new CertificateException("no PEM certificate found");
    }
    return List.copyOf(out);
  }

  /**
   * The base64 text between the markers; anything but base64 characters and white space is refused.
   */
  private static String base64Body(String pem, int from, int to, int index)
      throws CertificateException {
    for (int i = from; i < to; i++) {
      char c = pem.charAt(i);
      boolean ok = c < 128 ? PEM_BODY[c] : Character.isWhitespace(c);
      if (!ok) {
        throw new CertificateException(
            "certificate " + index + ": unexpected character at " + i + " of the PEM chain");
      }
    }
    return pem.substring(from, to);
  }

  /**
   * Only white space (and the NUL terminator some quoting libraries append) may separate PEM
   * blocks: anything else means a block was damaged, and a damaged block must not silently drop out
   * of the chain.
   */
  private static void requireBlank(String s, int from, int to) throws CertificateException {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c) && c != 0) {
        throw new CertificateException("unexpected text at character " + i + " of the PEM chain");
      }
    }
  }

  public static X509CRL parseCrl(byte[] der)
      throws java.security.cert.CRLException, CertificateException {
    return (X509CRL) factory().generateCRL(new ByteArrayInputStream(der));
  }

  public static String sha256Hex(X509Certificate cert) {
    try {
      return Hex.of(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * SHA-256 of the certificate's SubjectPublicKeyInfo exactly as encoded in the certificate: a key
   * pin that survives re-issuing the certificate. The JDK accepts some encodings Bouncy Castle's
   * strict DER reader refuses (it throws IllegalArgumentException, e.g. "unexpected end-of-contents
   * marker"); for those the hash is over the key as the JDK decoded it from the certificate, the
   * key every signature check uses, so evidence carrying such a certificate gets a verdict rather
   * than an exception.
   */
  public static String spkiSha256Hex(X509Certificate cert) {
    byte[] spki;
    try {
      spki =
          org.bouncycastle.asn1.x509.Certificate.getInstance(cert.getEncoded())
              .getSubjectPublicKeyInfo()
              .getEncoded("DER");
    } catch (CertificateEncodingException | java.io.IOException | IllegalArgumentException e) {
      spki = cert.getPublicKey().getEncoded();
      if (spki == null) {
        throw new IllegalStateException("the certificate's public key has no encoding", e);
      }
    }
    try {
      return Hex.of(MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean sameCertificate(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /**
   * Validates {@code chain} (leaf first; it may end with the root) to one of {@code anchors} at
   * {@code at}. A chain whose last certificate is a self-signed root that is not an anchor fails
   * with that reason. Revocation is checked separately against the CRLs the caller verified.
   *
   * @return empty when the path is valid, else the reason
   */
  public static Optional<String> validatePath(
      List<X509Certificate> chain, List<X509Certificate> anchors, Instant at) {
    if (anchors.isEmpty()) {
      return Optional.of("no trust anchor configured");
    }
    if (chain.isEmpty()) {
      return Optional.of("empty certificate chain");
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    X509Certificate last = path.get(path.size() - 1);
    if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      boolean trusted = anchors.stream().anyMatch(a -> sameCertificate(a, last));
      if (!trusted) {
        return Optional.of(
            "chain ends in root '"
                + last.getSubjectX500Principal().getName()
                + "' (sha256 "
                + Hex.abbreviate(sha256Hex(last))
                + ") which is not the configured trust anchor");
      }
      path.remove(path.size() - 1);
      if (path.isEmpty()) {
        return validity(last, at);
      }
    }
    Set<TrustAnchor> ta = new HashSet<>();
    for (X509Certificate a : anchors) {
      ta.add(new TrustAnchor(a, null));
    }
    try {
      PKIXParameters params = new PKIXParameters(ta);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(factory().generateCertPath(path), params);
      // PKIX does not check the anchor's own validity window; we do.
      for (X509Certificate a : anchors) {
        if (a.getSubjectX500Principal()
            .equals(path.get(path.size() - 1).getIssuerX500Principal())) {
          return validity(a, at);
        }
      }
      return Optional.empty();
    } catch (CertPathValidatorException e) {
      int idx = e.getIndex();
      if (idx >= 0
          && idx < path.size()
          && (e.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED
              || e.getReason()
                  == java.security.cert.CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
        // Say which certificate and when, not the validator's "validity check failed".
        Optional<String> when = validity(path.get(idx), at);
        if (when.isPresent()) {
          return Optional.of(when.get() + " (certificate " + idx + " of the chain)");
        }
      }
      String who =
          idx >= 0 && idx < path.size()
              ? " (certificate "
                  + idx
                  + ": "
                  + path.get(idx).getSubjectX500Principal().getName()
                  + ")"
              : "";
      return Optional.of(e.getMessage() + who);
    } catch (InvalidAlgorithmParameterException
        | NoSuchAlgorithmException
        | CertificateException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Optional<String> validity(X509Certificate c, Instant at) {
    Date d = Date.from(at);
    if (d.before(c.getNotBefore())) {
      return Optional.of(
          "'"
              + c.getSubjectX500Principal().getName()
              + "' not valid before "
              + c.getNotBefore().toInstant());
    }
    if (d.after(c.getNotAfter())) {
      return Optional.of(
          "'"
              + c.getSubjectX500Principal().getName()
              + "' expired on "
              + c.getNotAfter().toInstant());
    }
    return Optional.empty();
  }
}
