package dev.teepol.providers.sigstore.sim;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.providers.tdx.sim.SimKey;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * A test Sigstore instance: a Fulcio root and intermediate, a Rekor log key and a CT log key, all
 * derived from a seed, and a trusted root naming them. It signs releases as GitHub Actions would (a
 * ten-minute Fulcio leaf with the CI extensions and an embedded SCT, a DSSE in-toto statement, a
 * Rekor dsse entry with its SET, inclusion proof and signed checkpoint), with at most one {@link
 * Defect}.
 */
public final class SimSigstore {
  public static final Instant CA_FROM = Instant.parse("2020-01-01T00:00:00Z");
  public static final String ORIGIN = "rekor.test.teepol.dev - 42";
  static final String FULCIO = "1.3.6.1.4.1.57264.1.";

  private final SimKey root;
  private final SimKey intermediate;
  private final SimKey rekor;
  private final SimKey ctlog;
  private final X509Certificate rootCert;
  private final X509Certificate intermediateCert;

  public SimSigstore(String seed) {
    root = SimKey.derive(seed, "fulcio-root");
    intermediate = SimKey.derive(seed, "fulcio-intermediate");
    rekor = SimKey.derive(seed, "rekor");
    ctlog = SimKey.derive(seed, "ctlog");
    rootCert =
        ca(
            "CN=teepol test sigstore,O=teepol.test",
            root,
            "CN=teepol test sigstore,O=teepol.test",
            root,
            1);
    intermediateCert =
        ca(
            "CN=teepol test sigstore-intermediate,O=teepol.test",
            intermediate,
            "CN=teepol test sigstore,O=teepol.test",
            root,
            0);
  }

  /** What a release is made of. */
  public record Spec(
      String repo,
      String tag,
      String commit,
      Instant signedAt,
      String predicateType,
      JsonObject predicate,
      byte[] artifact,
      Defect defect) {
    public Spec with(Defect d) {
      return new Spec(repo, tag, commit, signedAt, predicateType, predicate, artifact, d);
    }
  }

  /** A signed release: the bundle, the published digest and this instance's trusted root. */
  public record Release(byte[] bundle, byte[] artifactSha256, byte[] trustedRoot) {
    /** Writes it as a release folder (the corpus layout). */
    public Path writeTo(Path dir) throws IOException {
      Files.createDirectories(dir);
      Files.write(dir.resolve("bundle.sigstore.json"), bundle);
      Files.writeString(dir.resolve("release_artifact_digest.txt"), Hex.of(artifactSha256) + "\n");
      Files.write(dir.resolve("trusted_root.json"), trustedRoot);
      return dir;
    }
  }

  /** The trusted root naming this instance's CA, Rekor key and CT log key. */
  public byte[] trustedRoot() {
    JsonObjectBuilder o =
        Json.createObjectBuilder()
            .add("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1")
            .add(
                "tlogs", Json.createArrayBuilder().add(log("https://rekor.test.teepol.dev", rekor)))
            .add(
                "certificateAuthorities",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add(
                                "subject",
                                Json.createObjectBuilder()
                                    .add("organization", "teepol.test")
                                    .add("commonName", "teepol test sigstore"))
                            .add("uri", "https://fulcio.test.teepol.dev")
                            .add(
                                "certChain",
                                Json.createObjectBuilder()
                                    .add(
                                        "certificates",
                                        Json.createArrayBuilder()
                                            .add(raw(der(intermediateCert)))
                                            .add(raw(der(rootCert)))))
                            .add(
                                "validFor",
                                Json.createObjectBuilder().add("start", CA_FROM.toString()))))
            .add(
                "ctlogs", Json.createArrayBuilder().add(log("https://ctfe.test.teepol.dev", ctlog)))
            .add("timestampAuthorities", Json.createArrayBuilder());
    return o.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  public Release sign(Spec s) {
    Defect d = s.defect();
    byte[] digest = Digests.sha256(s.artifact());
    byte[] subjectDigest =
        d == Defect.OTHER_SUBJECT
            ? Digests.sha256("another artifact".getBytes(StandardCharsets.UTF_8))
            : digest;
    String statement =
        Json.createObjectBuilder()
            .add("_type", "https://in-toto.io/Statement/v1")
            .add(
                "subject",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("name", "release.json")
                            .add(
                                "digest",
                                Json.createObjectBuilder().add("sha256", Hex.of(subjectDigest)))))
            .add("predicateType", s.predicateType())
            .add("predicate", s.predicate())
            .build()
            .toString();
    byte[] payload = statement.getBytes(StandardCharsets.UTF_8);
    String payloadType =
        d == Defect.NOT_IN_TOTO ? "application/json" : "application/vnd.in-toto+json";
    SimKey signer = SimKey.derive(Hex.of(digest), "ephemeral");
    X509Certificate leaf = leaf(s, signer, d);
    byte[] pae = dev.teepol.providers.sigstore.verify.BundleVerifier.pae(payloadType, payload);
    byte[] sig =
        derSign(d == Defect.DSSE_BAD_SIGNATURE ? SimKey.derive("other", "dsse") : signer, pae);
    byte[] loggedPayload =
        d == Defect.BODY_OTHER_PAYLOAD ? "other payload".getBytes(StandardCharsets.UTF_8) : payload;
    String body =
        "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\""
            + Hex.of(Digests.sha256(payload))
            + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\""
            + Hex.of(Digests.sha256(loggedPayload))
            + "\"},\"signatures\":[{\"signature\":\""
            + b64(
                d == Defect.BODY_OTHER_SIGNATURE
                    ? derSign(SimKey.derive("other", "logged"), pae)
                    : sig)
            + "\",\"verifier\":\""
            + b64(
                pem(d == Defect.BODY_OTHER_CERTIFICATE
                        ? leaf(s, SimKey.derive("other", "verifier"), Defect.NONE)
                        : leaf)
                    .getBytes(StandardCharsets.US_ASCII))
            + "\"}]}}";
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    SimKey log = d == Defect.UNKNOWN_LOG ? SimKey.derive("other", "rekor") : rekor;
    byte[] logId = Digests.sha256(log.publicKey().getEncoded());
    long integrated =
        (d == Defect.LOGGED_AFTER_EXPIRY ? s.signedAt().plus(Duration.ofMinutes(30)) : s.signedAt())
            .getEpochSecond();
    // A small tree: the entry at index 5 of 11 leaves.
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      leaves.add(i == 5 ? bodyBytes : ("leaf " + i).getBytes(StandardCharsets.UTF_8));
    }
    long index = 5;
    long globalIndex = 1_000_005;
    byte[] rootHash = SimMerkle.root(leaves);
    List<byte[]> path = SimMerkle.path(5, leaves);
    if (d == Defect.PROOF_BAD_HASH) {
      path.get(1)[0] ^= 1;
    }
    String setJson =
        "{\"body\":\""
            + b64(bodyBytes)
            + "\",\"integratedTime\":"
            + integrated
            + ",\"logID\":\""
            + Hex.of(logId)
            + "\",\"logIndex\":"
            + globalIndex
            + "}";
    byte[] set =
        derSign(
            d == Defect.SET_BAD_SIGNATURE ? SimKey.derive("other", "set") : log,
            setJson.getBytes(StandardCharsets.US_ASCII));
    byte[] checkpointRoot = d == Defect.CHECKPOINT_OTHER_ROOT ? Digests.sha256(rootHash) : rootHash;
    String note = ORIGIN + "\n" + leaves.size() + "\n" + b64(checkpointRoot) + "\n";
    SimKey noteKey = d == Defect.CHECKPOINT_BAD_SIGNATURE ? SimKey.derive("other", "note") : log;
    byte[] noteSig = derSign(noteKey, note.getBytes(StandardCharsets.UTF_8));
    byte[] hinted = new byte[4 + noteSig.length];
    System.arraycopy(logId, 0, hinted, 0, 4);
    System.arraycopy(noteSig, 0, hinted, 4, noteSig.length);
    String noteName =
        d == Defect.CHECKPOINT_OTHER_NAME ? "other.log.example" : "rekor.test.teepol.dev";
    String checkpoint = note + "\n\u2014 " + noteName + " " + b64(hinted) + "\n";

    JsonArrayBuilder hashes = Json.createArrayBuilder();
    path.forEach(h -> hashes.add(b64(h)));
    JsonObjectBuilder proof =
        Json.createObjectBuilder()
            .add("logIndex", Long.toString(index))
            .add("rootHash", b64(rootHash))
            .add("treeSize", Integer.toString(leaves.size()))
            .add("hashes", hashes);
    if (d != Defect.NO_CHECKPOINT) {
      proof.add("checkpoint", Json.createObjectBuilder().add("envelope", checkpoint));
    }
    JsonObjectBuilder entry =
        Json.createObjectBuilder()
            .add("logIndex", Long.toString(globalIndex))
            .add("logId", Json.createObjectBuilder().add("keyId", b64(logId)))
            .add(
                "kindVersion",
                Json.createObjectBuilder().add("kind", "dsse").add("version", "0.0.1"))
            .add("integratedTime", Long.toString(integrated))
            .add("inclusionProof", proof)
            .add("canonicalizedBody", b64(bodyBytes));
    if (d != Defect.NO_SET) {
      entry.add(
          "inclusionPromise", Json.createObjectBuilder().add("signedEntryTimestamp", b64(set)));
    }
    JsonObjectBuilder vm =
        Json.createObjectBuilder()
            .add(
                "tlogEntries",
                d == Defect.NO_TLOG_ENTRY
                    ? Json.createArrayBuilder()
                    : Json.createArrayBuilder().add(entry))
            .add("certificate", Json.createObjectBuilder().add("rawBytes", b64(der(leaf))));
    if (d == Defect.RFC3161_TIMESTAMP) {
      vm.add(
          "timestampVerificationData",
          Json.createObjectBuilder()
              .add(
                  "rfc3161Timestamps",
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("signedTimestamp", b64(new byte[] {0x30, 0})))));
    }
    JsonObject bundle =
        Json.createObjectBuilder()
            .add("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json")
            .add("verificationMaterial", vm)
            .add(
                "dsseEnvelope",
                Json.createObjectBuilder()
                    .add("payload", b64(payload))
                    .add("payloadType", payloadType)
                    .add(
                        "signatures",
                        Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("sig", b64(sig)))))
            .build();
    return new Release(bundle.toString().getBytes(StandardCharsets.UTF_8), digest, trustedRoot());
  }

  private X509Certificate leaf(Spec s, SimKey key, Defect d) {
    String repoUri = "https://github.com/" + s.repo();
    String workflow = repoUri + "/.github/workflows/release.yml@refs/tags/" + s.tag();
    SimKey issuerKey = d == Defect.UNTRUSTED_CA ? SimKey.derive("other", "fulcio") : intermediate;
    X500Name issuer = X500Name.getInstance(intermediateCert.getSubjectX500Principal().getEncoded());
    Date from = Date.from(s.signedAt().minusSeconds(1));
    Date to = Date.from(s.signedAt().plus(Duration.ofMinutes(10)));
    BigInteger serial =
        new BigInteger(
            1, Arrays.copyOf(Digests.sha256(workflow.getBytes(StandardCharsets.UTF_8)), 16));
    try {
      X509v3CertificateBuilder b = builder(issuer, serial, from, to, key, s, workflow, repoUri, d);
      X509Certificate precert =
          new JcaX509CertificateConverter().getCertificate(b.build(issuerKey.contentSigner()));
      if (d == Defect.NO_SCT) {
        return precert;
      }
      byte[] tbs = precert.getTBSCertificate();
      byte[] sct =
          sct(
              tbs,
              s.signedAt(),
              d == Defect.SCT_BAD_SIGNATURE ? SimKey.derive("other", "ct") : ctlog);
      X509v3CertificateBuilder withSct =
          builder(issuer, serial, from, to, key, s, workflow, repoUri, d);
      withSct.addExtension(
          new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"), false, new DEROctetString(sct));
      return new JcaX509CertificateConverter()
          .getCertificate(withSct.build(issuerKey.contentSigner()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer,
      BigInteger serial,
      Date from,
      Date to,
      SimKey key,
      Spec s,
      String workflow,
      String repoUri,
      Defect d)
      throws IOException {
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            issuer,
            serial,
            from,
            to,
            new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
            key.publicKey());
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            d == Defect.NOT_CODE_SIGNING
                ? KeyPurposeId.id_kp_serverAuth
                : KeyPurposeId.id_kp_codeSigning));
    b.addExtension(
        Extension.subjectAlternativeName,
        true,
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, workflow)));
    b.addExtension(
        new ASN1ObjectIdentifier(FULCIO + "1"),
        false,
        new DEROctetString(
            "https://token.actions.githubusercontent.com".getBytes(StandardCharsets.UTF_8)));
    v2(b, "8", "https://token.actions.githubusercontent.com");
    v2(b, "9", workflow);
    v2(b, "12", repoUri);
    v2(b, "13", s.commit());
    v2(b, "14", "refs/tags/" + s.tag());
    v2(b, "18", workflow);
    return b;
  }

  private static void v2(X509v3CertificateBuilder b, String suffix, String value)
      throws IOException {
    b.addExtension(new ASN1ObjectIdentifier(FULCIO + suffix), false, new DERUTF8String(value));
  }

  /** A TLS SignedCertificateTimestampList with one v1 SCT over the precertificate. */
  private byte[] sct(byte[] tbs, Instant at, SimKey key) {
    byte[] issuerKeyHash = Digests.sha256(intermediateCert.getPublicKey().getEncoded());
    byte[] logId = Digests.sha256(ctlog.publicKey().getEncoded());
    long ts = at.toEpochMilli();
    ByteArrayOutputStream signed = new ByteArrayOutputStream();
    signed.write(0);
    signed.write(0);
    u64(signed, ts);
    signed.write(0);
    signed.write(1);
    signed.writeBytes(issuerKeyHash);
    signed.write(tbs.length >>> 16);
    signed.write(tbs.length >>> 8);
    signed.write(tbs.length);
    signed.writeBytes(tbs);
    signed.write(0);
    signed.write(0);
    byte[] sig = derSign(key, signed.toByteArray());
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    one.write(0);
    one.writeBytes(logId);
    u64(one, ts);
    one.write(0);
    one.write(0);
    one.write(4); // sha256
    one.write(3); // ecdsa
    one.write(sig.length >>> 8);
    one.write(sig.length);
    one.writeBytes(sig);
    byte[] sct = one.toByteArray();
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    int total = sct.length + 2;
    list.write(total >>> 8);
    list.write(total);
    list.write(sct.length >>> 8);
    list.write(sct.length);
    list.writeBytes(sct);
    return list.toByteArray();
  }

  private static void u64(ByteArrayOutputStream out, long v) {
    for (int i = 7; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)));
    }
  }

  private static X509Certificate ca(
      String subject, SimKey key, String issuer, SimKey issuerKey, int pathLen) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuer),
              BigInteger.valueOf(subject.hashCode() & 0xffff),
              Date.from(CA_FROM),
              Date.from(Instant.parse("2040-01-01T00:00:00Z")),
              new X500Name(subject),
              key.publicKey());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new JcaX509CertificateConverter().getCertificate(b.build(issuerKey.contentSigner()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObjectBuilder log(String url, SimKey key) {
    byte[] spki = key.publicKey().getEncoded();
    return Json.createObjectBuilder()
        .add("baseUrl", url)
        .add("hashAlgorithm", "SHA2_256")
        .add(
            "publicKey",
            Json.createObjectBuilder()
                .add("rawBytes", b64(spki))
                .add("keyDetails", "PKIX_ECDSA_P256_SHA_256")
                .add("validFor", Json.createObjectBuilder().add("start", CA_FROM.toString())))
        .add("logId", Json.createObjectBuilder().add("keyId", b64(Digests.sha256(spki))));
  }

  static byte[] derSign(SimKey key, byte[] data) {
    ContentSigner cs = key.contentSigner();
    try (OutputStream out = cs.getOutputStream()) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cs.getSignature();
  }

  private static JsonObjectBuilder raw(byte[] der) {
    return Json.createObjectBuilder().add("rawBytes", b64(der));
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate c) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der(c))
        + "\n-----END CERTIFICATE-----\n";
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
