package dev.teepol.providers.sevsnp.sim;

import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.TcbLayout;
import dev.teepol.providers.sevsnp.abi.TcbParts;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;

/**
 * Builds and signs SEV-SNP reports (versions 2, 3, 5; Milan, Genoa and Turin layouts) under the
 * {@link AmdTestPki}, with a VCEK or VLEK issued for the report's chip and TCB, and breaks exactly
 * one thing at a time ({@link Defect}). Keys derive from fixed seeds; ECDSA nonces are
 * deterministic (RFC 6979), so the same builder always gives the same bytes.
 */
public final class SimSnp {
  /** The instant every simulated chain is valid at. */
  public static final Instant VERIFY_AT = Instant.parse("2026-01-01T00:00:00Z");

  /** One defect, each meant to fail exactly one provider check. */
  public enum Defect {
    NONE,
    /** A measured byte changed after signing: {@code sev-snp.report.signature}. */
    TAMPERED_AFTER_SIGNING,
    /** Signed by another chip's key while this chip's VCEK is supplied: the signature. */
    SIGNED_BY_ANOTHER_KEY,
    /** The VCEK is for another chip (hwID differs), and signed the report: {@code vcek.chip_id}. */
    VCEK_FOR_ANOTHER_CHIP,
    /** The VCEK is for another TCB (snp SPL + 1): {@code sev-snp.vcek.tcb}. */
    VCEK_FOR_ANOTHER_TCB,
    /** The supplied ASK carries AMD's name but an attacker signed it: {@code sev-snp.chain}. */
    FORGED_ASK,
    /** A supplied ARK with AMD's name that is not the pinned one: {@code sev-snp.chain}. */
    FORGED_ARK_SUPPLIED,
    /** The ASK supplied is another product's: {@code sev-snp.chain}. */
    ASK_OF_ANOTHER_PRODUCT,
    /** The VCEK expired before the verification time: {@code sev-snp.chain}. */
    EXPIRED_VCEK,
    /** The ASK signed the VCEK with RSA PKCS#1 v1.5, not RSASSA-PSS: {@code sev-snp.chain}. */
    VCEK_NOT_PSS,
    /** A reserved report byte is set (0x1F8 or 0x208): {@code sev-snp.report.parse}. */
    RESERVED_BYTE_SET,
    /** A byte after the signature (0x400) is set: {@code sev-snp.report.parse}. */
    BYTE_AFTER_SIGNATURE,
    /** The ARK's CRL revokes the ASK: {@code sev-snp.crl}. */
    ASK_REVOKED,
    /** A CRL signed by an attacker's ARK: {@code sev-snp.crl}. */
    CRL_FORGED
  }

  private int version = 3;
  private Product product = Product.MILAN;
  private boolean vlek;
  private long policy = 0x30000;
  private int vmpl;
  private TcbParts reported = new TcbParts(-1, 4, 0, 24, 213);
  private TcbParts current;
  private boolean maskChipId;
  private long platformInfo = 0x25;
  private byte[] reportData = new byte[64];
  private byte[] measurement = fill(48, 0x4d);
  private byte[] hostData = new byte[32];
  private long guestSvn = 1;
  private String chipSeed = "chip-1";
  private Defect defect = Defect.NONE;

  public static SimSnp builder() {
    return new SimSnp();
  }

  public SimSnp version(int v) {
    this.version = v;
    return this;
  }

  /** The product; Turin gets the FMC layout and an 8-byte hwID. */
  public SimSnp product(Product p) {
    this.product = p;
    if (p == Product.TURIN && reported.fmc() < 0) {
      reported = new TcbParts(0, 1, 0, 2, 71);
    }
    return this;
  }

  public SimSnp vlek() {
    this.vlek = true;
    return this;
  }

  public SimSnp policy(long p) {
    this.policy = p;
    return this;
  }

  public SimSnp vmpl(int v) {
    this.vmpl = v;
    return this;
  }

  public SimSnp reportedTcb(TcbParts t) {
    this.reported = t;
    return this;
  }

  /** CURRENT/COMMITTED/LAUNCH TCB, when it differs from the reported one. */
  public SimSnp currentTcb(TcbParts t) {
    this.current = t;
    return this;
  }

  public SimSnp maskChipId() {
    this.maskChipId = true;
    return this;
  }

  public SimSnp platformInfo(long v) {
    this.platformInfo = v;
    return this;
  }

  public SimSnp reportData(byte[] rd) {
    this.reportData = Arrays.copyOf(rd, 64);
    return this;
  }

  public SimSnp measurement(byte[] m) {
    this.measurement = m.clone();
    return this;
  }

  public SimSnp hostData(byte[] h) {
    this.hostData = h.clone();
    return this;
  }

  public SimSnp guestSvn(long s) {
    this.guestSvn = s;
    return this;
  }

  public SimSnp defect(Defect d) {
    this.defect = d;
    return this;
  }

  /**
   * The simulated evidence: the report, the signing key's certificate and the CA certificates (ASK
   * or ASVK, then ARK) a relying party would supply, and a CRL when the defect needs one.
   */
  public record Output(
      byte[] report, X509Certificate leaf, List<X509Certificate> caChain, X509CRL crl) {
    /** vcek.der (or vlek.der), ask_ark.pem and, if any, crl.der, as a relying party keeps them. */
    public void writeTo(Path dir) throws IOException {
      Files.createDirectories(dir);
      try {
        Files.write(dir.resolve("leaf.der"), leaf.getEncoded());
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : caChain) {
          pem.append("-----BEGIN CERTIFICATE-----\n")
              .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
              .append("\n-----END CERTIFICATE-----\n");
        }
        Files.writeString(dir.resolve("ca_chain.pem"), pem);
        if (crl != null) {
          Files.write(dir.resolve("crl.der"), crl.getEncoded());
        }
      } catch (java.security.GeneralSecurityException e) {
        throw new IOException(e);
      }
    }
  }

  public Output build() {
    AmdTestPki pki = AmdTestPki.get();
    TcbLayout layout = product.tcbLayout();
    byte[] chipId = chipId(chipSeed);
    KeyPair chipKey =
        ecKey((vlek ? "vlek-" : "vcek-") + chipSeed + "-" + product.id() + "-" + reported);
    Map<String, Integer> spls = new LinkedHashMap<>(reported.named());
    if (defect == Defect.VCEK_FOR_ANOTHER_TCB) {
      spls.put("snp", reported.snp() + 1);
    }
    byte[] hwId =
        vlek
            ? null
            : defect == Defect.VCEK_FOR_ANOTHER_CHIP
                ? Arrays.copyOf(chipId("chip-2"), hwIdLength())
                : Arrays.copyOf(chipId, hwIdLength());
    Instant notAfter =
        defect == Defect.EXPIRED_VCEK ? VERIFY_AT.minusSeconds(86400) : AmdTestPki.NOT_AFTER;
    X509Certificate leaf =
        pki.leaf(
            new AmdTestPki.LeafSpec(
                vlek,
                product,
                spls,
                hwId,
                product == Product.MILAN ? "Milan-B0" : product.kdsName(),
                AmdTestPki.NOT_BEFORE,
                notAfter,
                defect == Defect.VCEK_NOT_PSS ? "SHA384withRSA" : AmdTestPki.PSS),
            chipKey);

    byte[] r = new byte[0x4A0];
    ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x00, version);
    b.putInt(0x04, (int) guestSvn);
    b.putLong(0x08, policy);
    b.putInt(0x30, vmpl);
    b.putInt(0x34, 1);
    long reportedRaw = layout.encode(reported, new int[0]);
    long currentRaw = current == null ? reportedRaw : layout.encode(current, new int[0]);
    b.putLong(0x38, currentRaw);
    b.putLong(0x40, platformInfo);
    b.putInt(0x48, (vlek ? 1 : 0) << 2);
    System.arraycopy(reportData, 0, r, 0x50, 64);
    System.arraycopy(measurement, 0, r, 0x90, 48);
    System.arraycopy(hostData, 0, r, 0xC0, 32);
    System.arraycopy(sha(chipSeed + "report-id"), 0, r, 0x140, 32);
    Arrays.fill(r, 0x160, 0x180, (byte) 0xff);
    b.putLong(0x180, reportedRaw);
    if (version >= 3) {
      int[] fms = cpuid(product);
      r[0x188] = (byte) fms[0];
      r[0x189] = (byte) fms[1];
      r[0x18A] = (byte) fms[2];
    }
    if (!maskChipId) {
      System.arraycopy(chipId, 0, r, 0x1A0, product == Product.TURIN ? 8 : 64);
    }
    b.putLong(0x1E0, currentRaw);
    r[0x1E8] = 29;
    r[0x1E9] = 55;
    r[0x1EA] = 1;
    r[0x1EC] = 29;
    r[0x1ED] = 55;
    r[0x1EE] = 1;
    b.putLong(0x1F0, currentRaw);
    if (defect == Defect.RESERVED_BYTE_SET) {
      r[version >= 5 ? 0x208 : 0x1F8] = 1;
    }
    KeyPair signer = defect == Defect.SIGNED_BY_ANOTHER_KEY ? ecKey("another-chip") : chipKey;
    sign(r, signer);
    if (defect == Defect.TAMPERED_AFTER_SIGNING) {
      r[0x90] ^= 1;
    }
    if (defect == Defect.BYTE_AFTER_SIGNATURE) {
      r[0x400] = 1;
    }
    List<X509Certificate> cas = new ArrayList<>();
    AmdTestPki.Issued ca = vlek ? pki.asvk(product) : pki.ask(product);
    switch (defect) {
      case FORGED_ASK -> cas.add(pki.forgedAsk(product).cert());
      case ASK_OF_ANOTHER_PRODUCT ->
          cas.add(pki.ask(product == Product.MILAN ? Product.GENOA : Product.MILAN).cert());
      default -> cas.add(ca.cert());
    }
    cas.add(
        defect == Defect.FORGED_ARK_SUPPLIED
            ? pki.forgedArk(product).cert()
            : pki.ark(product).cert());
    X509CRL crl =
        switch (defect) {
          case ASK_REVOKED -> pki.crl(product, List.of(ca.cert()), false);
          case CRL_FORGED -> pki.crl(product, List.of(), true);
          default -> null;
        };
    return new Output(r, leaf, cas, crl);
  }

  private int hwIdLength() {
    return product == Product.TURIN ? 8 : 64;
  }

  static int[] cpuid(Product p) {
    return switch (p) {
      case MILAN -> new int[] {0x19, 0x01, 1};
      case GENOA -> new int[] {0x19, 0x11, 1};
      case TURIN -> new int[] {0x1A, 0x02, 1};
    };
  }

  private static byte[] chipId(String seed) {
    byte[] a = sha(seed + "-a");
    byte[] b2 = sha(seed + "-b");
    byte[] out = new byte[64];
    System.arraycopy(a, 0, out, 0, 32);
    System.arraycopy(b2, 0, out, 32, 32);
    return out;
  }

  private static byte[] fill(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  static byte[] sha(String s) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final X9ECParameters P384 = CustomNamedCurves.getByName("secp384r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(P384.getCurve(), P384.getG(), P384.getN(), P384.getH());

  /** A P-384 key pair whose private scalar derives from {@code seed}. */
  static KeyPair ecKey(String seed) {
    try {
      BigInteger d =
          new BigInteger(
                  1,
                  MessageDigest.getInstance("SHA-384")
                      .digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              .mod(P384.getN().subtract(BigInteger.ONE))
              .add(BigInteger.ONE);
      ECNamedCurveSpec spec =
          new ECNamedCurveSpec(
              "secp384r1",
              ECNamedCurveTable.getParameterSpec("secp384r1").getCurve(),
              ECNamedCurveTable.getParameterSpec("secp384r1").getG(),
              P384.getN());
      var q = P384.getG().multiply(d).normalize();
      KeyFactory kf = KeyFactory.getInstance("EC");
      return new KeyPair(
          kf.generatePublic(
              new ECPublicKeySpec(
                  new java.security.spec.ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  spec)),
          kf.generatePrivate(new ECPrivateKeySpec(d, spec)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** ECDSA P-384 over bytes 0x000..0x29F, R and S little-endian into 72-byte fields. */
  static void sign(byte[] r, KeyPair key) {
    SHA384Digest d = new SHA384Digest();
    d.update(r, 0, 0x2A0);
    byte[] hash = new byte[48];
    d.doFinal(hash, 0);
    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
    BigInteger priv = ((java.security.interfaces.ECPrivateKey) key.getPrivate()).getS();
    s.init(true, new ECPrivateKeyParameters(priv, DOMAIN));
    BigInteger[] rs = s.generateSignature(hash);
    putLe(r, 0x2A0, rs[0]);
    putLe(r, 0x2A0 + 72, rs[1]);
  }

  private static void putLe(byte[] out, int off, BigInteger v) {
    byte[] be = v.toByteArray();
    int n = 0;
    for (int i = be.length - 1; i >= 0 && n < 48; i--, n++) {
      out[off + n] = be[i];
    }
  }
}
