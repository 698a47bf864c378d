package dev.teepol.providers.tpm.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.evidence.GceInstance;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.tpm.abi.AkPublic;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether the attestation key is a TPM's: an AK certificate for exactly this key, chained (JDK
 * PKIX, at the injected instant) to a {@link TrustAnchors#TPM_AK_ROOT} anchor through the
 * certificates the evidence offers or the configured {@link TrustAnchors#TPM_AK_INTERMEDIATE}s; or
 * a key the operator pinned ({@link TrustAnchors#TPM_AK}). A certificate that is supplied must
 * verify, pin or no pin: it is never ignored. Nothing else makes an AK trusted, so a quote signed
 * by a key the attacker generated proves nothing.
 *
 * @param status whether trust was established, refuted or could not be decided
 * @param trustedBy {@code certificate} or {@code pinned} when trusted, else ""
 * @param certificate the verified AK certificate
 * @param gce the GCE instance a verified certificate names
 * @param manufacturer the TPM manufacturer a verified certificate names (TCG tpmManufacturer)
 */
public record AkTrust(
    Status status,
    String detail,
    String trustedBy,
    Optional<X509Certificate> certificate,
    GceInstance gce,
    String manufacturer) {

  /** The three outcomes of establishing trust in an AK. */
  public enum Status {
    TRUSTED,
    /** A supplied certificate did not verify, or does not certify this key. */
    REFUTED,
    /** Nothing to decide with: no certificate and no pin, or no anchor configured. */
    UNDECIDED
  }

  static AkTrust refuted(String why) {
    return new AkTrust(Status.REFUTED, why, "", Optional.empty(), GceInstance.NONE, "");
  }

  static AkTrust undecided(String why) {
    return new AkTrust(Status.UNDECIDED, why, "", Optional.empty(), GceInstance.NONE, "");
  }

  /**
   * @param at read only when a certificate has to be validated
   */
  public static AkTrust establish(
      AkPublic ak,
      Optional<byte[]> certDer,
      List<byte[]> offered,
      TrustAnchors anchors,
      Supplier<Instant> at,
      Limits limits,
      AkPathCache cache) {
    boolean pinned = anchors.keys(TrustAnchors.TPM_AK).stream().anyMatch(k -> sameKey(k, ak.key()));
    if (certDer.isEmpty()) {
      return pinned
          ? new AkTrust(
              Status.TRUSTED,
              "the AK is pinned (" + TrustAnchors.TPM_AK + ")",
              "pinned",
              Optional.empty(),
              GceInstance.NONE,
              "")
          : undecided(
              "no AK certificate and no pinned AK: nothing shows this key is a TPM's (pin it, or"
                  + " supply its certificate)");
    }
    X509Certificate leaf;
    List<X509Certificate> pool = new ArrayList<>();
    try {
      leaf = Certificates.parseDer(certDer.get());
      for (byte[] der : offered) {
        pool.add(Certificates.parseDer(der));
      }
    } catch (CertificateException | RuntimeException e) {
      return refuted("the AK certificate or an intermediate does not parse: " + e.getMessage());
    }
    if (!sameKey(leaf.getPublicKey(), ak.key())) {
      return refuted(
          "the AK certificate certifies another key (SPKI sha256 "
              + Hex.abbreviate(Certificates.spkiSha256Hex(leaf))
              + "), not the AK that signed the quote");
    }
    if (leaf.getBasicConstraints() >= 0) {
      return refuted("the AK certificate is a CA certificate");
    }
    boolean[] ku = leaf.getKeyUsage();
    if (ku != null && !ku[0]) {
      return refuted("the AK certificate's key usage lacks digitalSignature");
    }
    List<X509Certificate> roots = anchors.get(TrustAnchors.TPM_AK_ROOT);
    if (roots.isEmpty()) {
      return undecided(
          "no "
              + TrustAnchors.TPM_AK_ROOT
              + " anchor is configured to check the AK certificate (issued by '"
              + leaf.getIssuerX500Principal().getName()
              + "'): opt in to a bundle (--trust-anchor builtin:"
              + TrustAnchors.GCE_VTPM
              + ") or give your AK CA");
    }
    pool.addAll(anchors.get(TrustAnchors.TPM_AK_INTERMEDIATE));
    Instant when = at.get();
    String key = AkPathCache.key(leaf, pool, roots);
    Optional<String> problem =
        cache.get(key).filter(w -> w.holdsAt(when)).isPresent()
            ? Optional.empty()
            : path(leaf, pool, roots, when, limits, key, cache);
    if (problem.isPresent()) {
      return refuted(
          "the AK certificate does not chain to a "
              + TrustAnchors.TPM_AK_ROOT
              + " anchor: "
              + problem.get());
    }
    GceInstance gce;
    String manufacturer;
    try {
      gce = GceExtension.instance(leaf).orElse(GceInstance.NONE);
      manufacturer = TcgNames.manufacturer(leaf).orElse("");
    } catch (IllegalArgumentException e) {
      return refuted("the AK certificate's extensions do not decode: " + e.getMessage());
    }
    return new AkTrust(
        Status.TRUSTED,
        "AK certificate (serial "
            + leaf.getSerialNumber().toString(16)
            + ") chains to "
            + TrustAnchors.TPM_AK_ROOT
            + " at "
            + when
            + (pinned ? "; the AK is pinned too" : ""),
        "certificate",
        Optional.of(leaf),
        gce,
        manufacturer);
  }

  /** JDK PKIX path building from the leaf through the pool to one of the roots, at {@code at}. */
  private static Optional<String> path(
      X509Certificate leaf,
      List<X509Certificate> pool,
      List<X509Certificate> roots,
      Instant at,
      Limits limits,
      String key,
      AkPathCache cache) {
    Set<TrustAnchor> ta = new HashSet<>();
    for (X509Certificate r : roots) {
      ta.add(new TrustAnchor(r, null));
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters params = new PKIXBuilderParameters(ta, target);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      params.setMaxPathLength(limits.maxCertChainLength());
      List<X509Certificate> all = new ArrayList<>(pool);
      all.add(leaf);
      params.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(all)));
      PKIXCertPathBuilderResult res =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      // PKIX does not check the anchor's own validity window.
      X509Certificate anchor = res.getTrustAnchor().getTrustedCert();
      Date d = Date.from(at);
      if (d.before(anchor.getNotBefore()) || d.after(anchor.getNotAfter())) {
        return Optional.of(
            "anchor '" + anchor.getSubjectX500Principal().getName() + "' is not valid at " + at);
      }
      List<X509Certificate> validated = new ArrayList<>();
      res.getCertPath().getCertificates().forEach(c -> validated.add((X509Certificate) c));
      validated.add(anchor);
      cache.put(key, validated);
      return Optional.empty();
    } catch (CertPathBuilderException e) {
      return Optional.of("no valid path at " + at + " (" + e.getMessage() + ")");
    } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The same public key: RSA modulus and exponent, or EC point on the same curve. */
  static boolean sameKey(PublicKey a, PublicKey b) {
    if (a instanceof RSAPublicKey x && b instanceof RSAPublicKey y) {
      return x.getModulus().equals(y.getModulus())
          && x.getPublicExponent().equals(y.getPublicExponent());
    }
    if (a instanceof ECPublicKey x && b instanceof ECPublicKey y) {
      return x.getW().equals(y.getW())
          && x.getParams().getOrder().equals(y.getParams().getOrder())
          && x.getParams().getCurve().equals(y.getParams().getCurve());
    }
    return false;
  }
}
