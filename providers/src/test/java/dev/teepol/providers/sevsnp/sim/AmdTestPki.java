package dev.teepol.providers.sevsnp.sim;

import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.providers.sevsnp.abi.Product;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for AMD's SEV PKI: per product an ARK, ASK and ASVK with AMD's names (so they route by
 * subject, as a forger's would) but the project's own test keys (RSA-4096 keys generated once and
 * kept in test resources, so no test waits for key generation), RSASSA-PSS/SHA-384 signatures, and
 * VCEKs/VLEKs with AMD's extensions. Validity is fixed (2020..2045) so nothing depends on when
 * tests run. Trust it with {@link #anchors()}.
 */
public final class AmdTestPki {
  public static final Instant NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
  public static final Instant NOT_AFTER = Instant.parse("2045-01-01T00:00:00Z");
  public static final String PSS = "SHA384withRSAandMGF1";

  /** AMD's subject, RDN for RDN and in AMD's order, so names compare equal to AMD's. */
  private static final String AMD_RDNS =
      "OU=Engineering, C=US, L=Santa Clara, ST=CA, O=Advanced Micro Devices, CN=";

  private static final java.security.Provider BC =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private static final Map<String, KeyPair> RSA = loadKeys();

  /** A certificate with the key it certifies. */
  public record Issued(X509Certificate cert, KeyPair key) {}

  private final Map<Product, Issued> arks = new EnumMap<>(Product.class);
  private final Map<Product, Issued> asks = new EnumMap<>(Product.class);
  private final Map<Product, Issued> asvks = new EnumMap<>(Product.class);

  private static final AmdTestPki INSTANCE = new AmdTestPki();

  private AmdTestPki() {
    for (Product p : Product.values()) {
      KeyPair ark = RSA.get("ark-" + p.id());
      arks.put(p, new Issued(ca("ARK-" + p.kdsName(), ark, "ARK-" + p.kdsName(), ark, PSS), ark));
      KeyPair ask = RSA.get("ask-" + p.id());
      asks.put(p, new Issued(ca("SEV-" + p.kdsName(), ask, "ARK-" + p.kdsName(), ark, PSS), ask));
      KeyPair asvk = RSA.get("asvk-" + p.id());
      asvks.put(
          p, new Issued(ca("SEV-VLEK-" + p.kdsName(), asvk, "ARK-" + p.kdsName(), ark, PSS), asvk));
    }
  }

  /** One PKI for every test: the certificates are fixed, so sharing them costs nothing. */
  public static AmdTestPki get() {
    return INSTANCE;
  }

  public Issued ark(Product p) {
    return arks.get(p);
  }

  public Issued ask(Product p) {
    return asks.get(p);
  }

  public Issued asvk(Product p) {
    return asvks.get(p);
  }

  /** The embedded anchors with every AMD ARK replaced by this PKI's. */
  public TrustAnchors anchors() {
    TrustAnchors t = TrustAnchors.defaults();
    for (Product p : Product.values()) {
      t = t.with(TrustAnchors.AMD_ARKS.get(p.ordinal()), List.of(ark(p).cert()));
    }
    return t;
  }

  /** An attacker's ARK with AMD's name: what a forged chain ends in. */
  public Issued forgedArk(Product p) {
    KeyPair k = RSA.get("attacker");
    return new Issued(ca("ARK-" + p.kdsName(), k, "ARK-" + p.kdsName(), k, PSS), k);
  }

  /** An ASK with AMD's name for {@code p}, signed by the attacker's key. */
  public Issued forgedAsk(Product p) {
    KeyPair k = RSA.get("asvk-" + p.id());
    return new Issued(
        ca("SEV-" + p.kdsName(), k, "ARK-" + p.kdsName(), RSA.get("attacker"), PSS), k);
  }

  /** What a VCEK or VLEK certifies: the TCB's SPLs and, for a VCEK, the hwID. */
  public record LeafSpec(
      boolean vlek,
      Product product,
      Map<String, Integer> spls,
      byte[] hwId,
      String productName,
      Instant notBefore,
      Instant notAfter,
      String signatureAlgorithm) {}

  /**
   * A VCEK (issued by the ASK) or VLEK (by the ASVK) of {@code spec.product()}, key {@code key}.
   */
  public X509Certificate leaf(LeafSpec spec, KeyPair key) {
    Issued issuer = spec.vlek() ? asvk(spec.product()) : ask(spec.product());
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded()),
              BigInteger.ZERO,
              Date.from(spec.notBefore()),
              Date.from(spec.notAfter()),
              new X500Name(AMD_RDNS + (spec.vlek() ? "SEV-VLEK" : "SEV-VCEK")),
              key.getPublic());
      b.addExtension(oid("1"), false, new ASN1Integer(spec.vlek() ? 0 : 1).getEncoded());
      b.addExtension(oid("2"), false, new DERIA5String(spec.productName()).getEncoded());
      String[] names = {"bl", "tee", "snp", "spl_4", "spl_5", "spl_6", "spl_7", "ucode"};
      for (int i = 0; i < names.length; i++) {
        Integer v = spec.spls().get(names[i]);
        if (v != null) {
          b.addExtension(oid("3." + (i + 1)), false, new ASN1Integer(v).getEncoded());
        }
      }
      Integer fmc = spec.spls().get("fmc");
      if (fmc != null) {
        b.addExtension(oid("3.9"), false, new ASN1Integer(fmc).getEncoded());
      }
      if (spec.hwId() != null) {
        // AMD puts the raw hwID bytes in extnValue, not a DER value.
        b.addExtension(oid("4"), false, spec.hwId());
      }
      if (spec.vlek()) {
        b.addExtension(oid("5"), false, new DERIA5String("CN=teepol-test-csp").getEncoded());
      }
      return sign(b, issuer.key().getPrivate(), spec.signatureAlgorithm());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CRL of {@code p}'s ARK revoking {@code revoked}, current from 2020 to 2045. */
  public java.security.cert.X509CRL crl(Product p, List<X509Certificate> revoked, boolean forged) {
    Issued ark = forged ? forgedArk(p) : ark(p);
    X509v2CRLBuilder b =
        new X509v2CRLBuilder(
            X500Name.getInstance(ark.cert().getSubjectX500Principal().getEncoded()),
            Date.from(NOT_BEFORE));
    b.setNextUpdate(Date.from(NOT_AFTER));
    for (X509Certificate c : revoked) {
      b.addCRLEntry(c.getSerialNumber(), Date.from(NOT_BEFORE), 0);
    }
    try {
      ContentSigner s =
          new JcaContentSignerBuilder(PSS).setProvider(BC).build(ark.key().getPrivate());
      return new JcaX509CRLConverter().getCRL(b.build(s));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ASN1ObjectIdentifier oid(String suffix) {
    return new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1." + suffix);
  }

  private static X509Certificate ca(
      String subject, KeyPair key, String issuer, KeyPair issuerKey, String alg) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              new X500Name(AMD_RDNS + issuer),
              BigInteger.valueOf(Math.abs((long) subject.hashCode()) + 1),
              Date.from(NOT_BEFORE),
              Date.from(NOT_AFTER),
              new X500Name(AMD_RDNS + subject),
              key.getPublic());
      b.addExtension(
          Extension.basicConstraints,
          true,
          new BasicConstraints(subject.startsWith("ARK") ? 1 : 0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return sign(b, issuerKey.getPrivate(), alg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, String alg) {
    try {
      ContentSigner s = new JcaContentSignerBuilder(alg).setProvider(BC).build(key);
      return new JcaX509CertificateConverter().getCertificate(b.build(s));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, KeyPair> loadKeys() {
    try (InputStream in =
        AmdTestPki.class.getResourceAsStream(
            "/dev/teepol/providers/sevsnp/sim/rsa-4096-test-keys.pem")) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      Map<String, KeyPair> out = new HashMap<>();
      KeyFactory kf = KeyFactory.getInstance("RSA");
      String name = null;
      StringBuilder body = null;
      for (String line : text.split("\n")) {
        if (line.startsWith("# ")) {
          name = line.substring(2).trim();
        } else if (line.startsWith("-----BEGIN")) {
          body = new StringBuilder();
        } else if (line.startsWith("-----END")) {
          PrivateKey k =
              kf.generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body.toString())));
          RSAPrivateCrtKey crt = (RSAPrivateCrtKey) k;
          PublicKey pub =
              kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
          out.put(name, new KeyPair(pub, k));
          body = null;
        } else if (body != null) {
          body.append(line);
        }
      }
      return out;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("test RSA keys do not load", e);
    }
  }
}
