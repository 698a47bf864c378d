package dev.teepol.providers.sigstore.verify;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * Who a Fulcio certificate says signed: the OIDC issuer, the subject alternative name (a workflow
 * URI or an e-mail) and, for CI identities, the source repository, commit, ref and build config.
 * Read with Bouncy Castle from the certificate's extensions (Fulcio OID arc 1.3.6.1.4.1.57264.1).
 *
 * @param issuer the OIDC issuer ({@code .1.8}, else the deprecated raw {@code .1.1})
 * @param san the first URI or e-mail subject alternative name
 * @param sourceRepository {@code .1.12}, e.g. {@code https://github.com/org/repo}
 * @param sourceCommit {@code .1.13} (else the deprecated {@code .1.3})
 * @param sourceRef {@code .1.14}, e.g. {@code refs/tags/v1}
 * @param buildConfig {@code .1.18}, the workflow file at its ref
 */
public record FulcioIdentity(
    String issuer,
    String san,
    String sourceRepository,
    String sourceCommit,
    String sourceRef,
    String buildConfig) {
  static final String ARC = "1.3.6.1.4.1.57264.1.";

  /** Fulcio extension values are bounded by the certificate; this bounds what is kept of one. */
  static final int MAX_VALUE_CHARS = 1024;

  static FulcioIdentity of(X509Certificate leaf) {
    String issuer = v2(leaf, "8").or(() -> raw(leaf, "1")).orElse("");
    String commit = v2(leaf, "13").or(() -> raw(leaf, "3")).orElse("");
    return new FulcioIdentity(
        issuer,
        san(leaf),
        v2(leaf, "12").orElse(""),
        commit,
        v2(leaf, "14").orElse(""),
        v2(leaf, "18").orElse(""));
  }

  /**
   * The workflow as the provenance model names it: the build config URI relative to its repository
   * ({@code .github/workflows/release.yml@refs/tags/v1}), else the whole URI.
   */
  public String workflowRef() {
    String prefix = sourceRepository + "/";
    return !sourceRepository.isEmpty() && buildConfig.startsWith(prefix)
        ? buildConfig.substring(prefix.length())
        : buildConfig;
  }

  private static String san(X509Certificate c) {
    try {
      var names = c.getSubjectAlternativeNames();
      if (names == null) {
        return "";
      }
      List<String> out = new ArrayList<>();
      for (List<?> n : names) {
        int type = (Integer) n.get(0);
        if ((type == 6 || type == 1) && n.get(1) instanceof String s) {
          out.add(s);
        }
      }
      return out.isEmpty() ? "" : bounded(out.get(0));
    } catch (CertificateParsingException e) {
      return "";
    }
  }

  /** A V2 extension: the extension value is a DER string. */
  private static Optional<String> v2(X509Certificate c, String suffix) {
    try {
      byte[] ext = c.getExtensionValue(ARC + suffix);
      if (ext == null) {
        return Optional.empty();
      }
      ASN1Primitive p = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
      return p instanceof ASN1String s ? Optional.of(bounded(s.getString())) : Optional.empty();
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A deprecated V1 extension: the extension value is the raw UTF-8 text. */
  private static Optional<String> raw(X509Certificate c, String suffix) {
    try {
      byte[] ext = c.getExtensionValue(ARC + suffix);
      return ext == null
          ? Optional.empty()
          : Optional.of(
              bounded(
                  new String(
                      ASN1OctetString.getInstance(ext).getOctets(), StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String bounded(String s) {
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS);
  }
}
