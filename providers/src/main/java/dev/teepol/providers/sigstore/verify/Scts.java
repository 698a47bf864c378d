package dev.teepol.providers.sigstore.verify;

import dev.teepol.core.bytes.ByteReader;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.providers.sigstore.abi.TrustedRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * Signed certificate timestamps embedded in a Fulcio certificate (RFC 6962 §3.3): each is a CT
 * log's signature over the precertificate, which is the certificate's TBS without the SCT
 * extension, bound to the issuer's key hash. The SCT list is TLS-encoded inside the extension (read
 * with the bounded {@link ByteReader}); the certificate structures are Bouncy Castle's.
 */
final class Scts {
  static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";
  static final int MAX_SCTS = 16;

  private Scts() {}

  /** One SCT as embedded. */
  record Sct(
      byte[] logId,
      long timestampMillis,
      byte[] extensions,
      int hashAlg,
      int sigAlg,
      byte[] signature) {}

  /**
   * What the SCTs of a certificate showed.
   *
   * @param verified SCTs that verify with a key of the trusted root
   * @param failures SCTs of a trusted log that do not verify (or fall outside its key's window)
   * @param unknown SCTs of logs the trusted root does not name (they prove nothing either way)
   */
  record Outcome(int verified, List<String> failures, List<String> unknown) {}

  static Outcome verify(X509Certificate leaf, X509Certificate issuer, TrustedRoot root) {
    List<String> problems = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<Sct> scts;
    try {
      scts = parse(leaf);
    } catch (ParseException e) {
      return new Outcome(0, List.of(e.getMessage()), List.of());
    }
    if (scts.isEmpty()) {
      return new Outcome(0, List.of("the certificate embeds no SCT"), List.of());
    }
    byte[] signedPrefixFree;
    try {
      signedPrefixFree = precertTbs(leaf);
    } catch (IOException | CertificateEncodingException e) {
      return new Outcome(
          0, List.of("cannot rebuild the precertificate: " + e.getMessage()), List.of());
    }
    byte[] issuerKeyHash = Digests.sha256(issuer.getPublicKey().getEncoded());
    int ok = 0;
    for (Sct s : scts) {
      Optional<TrustedRoot.TransparencyLog> log = root.ctlog(s.logId());
      if (log.isEmpty()) {
        unknown.add(
            "SCT of CT log "
                + Hex.abbreviate(Hex.of(s.logId()))
                + " that the trusted root does not name");
        continue;
      }
      Instant at = Instant.ofEpochMilli(s.timestampMillis());
      if (!log.get().validFor().contains(at)) {
        problems.add(
            "SCT of "
                + log.get().baseUrl()
                + " at "
                + at
                + ", outside its key's window "
                + log.get().validFor());
        continue;
      }
      byte[] data = signedData(s, issuerKeyHash, signedPrefixFree);
      if (s.hashAlg() != 4 || !LogSignatures.verify(log.get().key(), s.signature(), data)) {
        problems.add("SCT of " + log.get().baseUrl() + " does not verify");
        continue;
      }
      ok++;
    }
    return new Outcome(ok, problems, unknown);
  }

  static List<Sct> parse(X509Certificate leaf) throws ParseException {
    byte[] ext = leaf.getExtensionValue(SCT_LIST_OID);
    if (ext == null) {
      return List.of();
    }
    byte[] tls;
    try {
      tls = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
    } catch (RuntimeException e) {
      throw new ParseException("sct_list", 0, "the SCT extension is not an OCTET STRING");
    }
    ByteReader r = new ByteReader(tls);
    int total = r.u16be("sct_list.length");
    if (total != r.remaining()) {
      throw new ParseException(
          "sct_list.length", 0, total + " bytes declared, " + r.remaining() + " present");
    }
    List<Sct> out = new ArrayList<>();
    while (r.remaining() > 0) {
      if (out.size() == MAX_SCTS) {
        throw new ParseException("sct_list", r.position(), "more than " + MAX_SCTS + " SCTs");
      }
      int len = r.u16be("sct.length");
      ByteReader s = r.slice("sct", len);
      int version = s.u8("sct.version");
      if (version != 0) {
        throw new ParseException(
            "sct.version", s.position() - 1, "unsupported SCT version " + version);
      }
      byte[] logId = s.bytes("sct.log_id", 32);
      long ts = s.u64be("sct.timestamp");
      byte[] extensions = s.bytes("sct.extensions", s.u16be("sct.extensions.length"));
      int hash = s.u8("sct.hash_algorithm");
      int sig = s.u8("sct.signature_algorithm");
      byte[] signature = s.bytes("sct.signature", s.u16be("sct.signature.length"));
      if (s.remaining() != 0) {
        throw new ParseException("sct", s.position(), s.remaining() + " bytes after the signature");
      }
      out.add(new Sct(logId, ts, extensions, hash, sig, signature));
    }
    return out;
  }

  /** The certificate's TBS without the SCT list extension, DER-encoded by Bouncy Castle. */
  static byte[] precertTbs(X509Certificate leaf) throws IOException, CertificateEncodingException {
    TBSCertificate tbs = Certificate.getInstance(leaf.getEncoded()).getTBSCertificate();
    Extensions exts = tbs.getExtensions();
    List<Extension> kept = new ArrayList<>();
    ASN1ObjectIdentifier sct = new ASN1ObjectIdentifier(SCT_LIST_OID);
    for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
      if (!oid.equals(sct)) {
        kept.add(exts.getExtension(oid));
      }
    }
    TBSCertificate precert =
        new TBSCertificate(
            tbs.getVersion(),
            tbs.getSerialNumber(),
            tbs.getSignature(),
            tbs.getIssuer(),
            tbs.getValidity(),
            tbs.getSubject(),
            tbs.getSubjectPublicKeyInfo(),
            tbs.getIssuerUniqueId(),
            tbs.getSubjectUniqueId(),
            new Extensions(kept.toArray(Extension[]::new)));
    return precert.getEncoded(ASN1Encoding.DER);
  }

  /** RFC 6962 §3.2 digitally-signed struct for a precertificate entry. */
  static byte[] signedData(Sct s, byte[] issuerKeyHash, byte[] tbs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(tbs.length + 64);
    out.write(0); // sct_version v1
    out.write(0); // signature_type certificate_timestamp
    for (int i = 7; i >= 0; i--) {
      out.write((int) (s.timestampMillis() >>> (8 * i)));
    }
    out.write(0); // entry_type precert_entry (1), big-endian u16
    out.write(1);
    out.writeBytes(issuerKeyHash);
    out.write(tbs.length >>> 16);
    out.write(tbs.length >>> 8);
    out.write(tbs.length);
    out.writeBytes(tbs);
    out.write(s.extensions().length >>> 8);
    out.write(s.extensions().length);
    out.writeBytes(s.extensions());
    return out.toByteArray();
  }
}
