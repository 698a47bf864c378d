package dev.teepol.kms.ratls;

import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.dstack.sim.SimEvent;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test dstack KMS (root key), the app CA it issues, and an app's RA-TLS certificate whose
 * embedded TDX quote (from the DCAP simulator) binds the certificate key and whose event log names
 * the KMS root as key provider. Each builder knob makes one defect.
 */
final class SimRatls {
  static final Instant VERIFY_AT = DcapSimulator.VERIFY_AT;
  static final byte[] APP_ID = SimDstack.APP_ID;
  private static final SecureRandom RANDOM = new SecureRandom(new byte[] {7});

  final KeyPair kmsRoot = p256();
  final KeyPair appCa = p256();
  final KeyPair leaf = p256();

  // Defects, one at a time.
  KeyPair signAppCaWith = kmsRoot;
  KeyPair rootInChain = kmsRoot;
  PublicKey keyInReportData = null;
  byte[] leafAppId = APP_ID;
  String leafUsage = "app:custom";
  boolean leafIsCa = false;
  boolean withQuote = true;
  boolean withRoot = true;
  Instant leafNotAfter = VERIFY_AT.plus(365, ChronoUnit.DAYS);
  PublicKey attestedKmsRoot = null;

  SimulatedDcap quote;

  static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<SimEvent> log() {
    PublicKey attested = attestedKmsRoot != null ? attestedKmsRoot : kmsRoot.getPublic();
    String provider =
        "{\"name\":\"kms\",\"id\":\"" + HexFormat.of().formatHex(attested.getEncoded()) + "\"}";
    List<SimEvent> l = new ArrayList<>();
    for (SimEvent e : SimDstack.validLog()) {
      l.add(
          e.name().equals("key-provider")
              ? SimEvent.runtime("key-provider", provider.getBytes(StandardCharsets.UTF_8))
              : e);
    }
    return l;
  }

  /** The PEM chain, leaf first. */
  byte[] pem() throws Exception {
    List<SimEvent> log = log();
    PublicKey bound = keyInReportData != null ? keyInReportData : leaf.getPublic();
    quote =
        SimDstack.quoteFor(log)
            .reportData(RatlsProvider.reportDataFor(bound.getEncoded()))
            .build()
            .generate();
    String logJson = "[" + String.join(",", log.stream().map(SimEvent::json).toList()) + "]";

    Instant nb = VERIFY_AT.minus(30, ChronoUnit.DAYS);
    X509Certificate root =
        cert(
            "O=Teepol Test,CN=Test KMS CA",
            "O=Teepol Test,CN=Test KMS CA",
            rootInChain.getPublic(),
            rootInChain,
            nb,
            VERIFY_AT.plus(3650, ChronoUnit.DAYS),
            1,
            null,
            null,
            null,
            null);
    X509Certificate ca =
        cert(
            "O=Teepol Test,CN=Test App CA",
            "O=Teepol Test,CN=Test KMS CA",
            appCa.getPublic(),
            signAppCaWith,
            nb,
            VERIFY_AT.plus(3650, ChronoUnit.DAYS),
            0,
            APP_ID,
            "app:ca",
            null,
            null);
    X509Certificate app =
        cert(
            "CN=demo-cert",
            "O=Teepol Test,CN=Test App CA",
            leaf.getPublic(),
            appCa,
            nb,
            leafNotAfter,
            leafIsCa ? 0 : -1,
            leafAppId,
            leafUsage,
            withQuote ? quote.quote() : null,
            withQuote ? logJson.getBytes(StandardCharsets.UTF_8) : null);
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(app);
      pw.writeObject(ca);
      if (withRoot) {
        pw.writeObject(root);
      }
    }
    return w.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static X509Certificate cert(
      String subject,
      String issuer,
      PublicKey key,
      KeyPair signer,
      Instant nb,
      Instant na,
      int pathLen,
      byte[] appId,
      String usage,
      byte[] quote,
      byte[] eventLog)
      throws Exception {
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(RANDOM.nextInt(1 << 30)),
            Date.from(nb),
            Date.from(na),
            new X500Name(subject),
            key);
    if (pathLen >= 0) {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
    }
    ext(b, RatlsOids.TDX_QUOTE, quote);
    ext(b, RatlsOids.EVENT_LOG, eventLog);
    ext(b, RatlsOids.APP_ID, appId);
    ext(b, RatlsOids.CERT_USAGE, usage == null ? null : usage.getBytes(StandardCharsets.UTF_8));
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static void ext(X509v3CertificateBuilder b, String oid, byte[] content) throws Exception {
    if (content != null) {
      b.addExtension(new ASN1ObjectIdentifier(oid), false, new DEROctetString(content));
    }
  }
}
