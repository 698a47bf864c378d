package dev.teepol.providers.tdx.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Generates TDX DCAP evidence (quote + PCS-shaped collateral + test root) that verifies at {@link
 * #VERIFY_AT}, or that breaks in exactly one {@link Breakage} way. Output is a pure function of the
 * builder settings: keys are derived from the seed, signatures use RFC 6979 nonces and no date
 * comes from the wall clock.
 *
 * <pre>{@code
 * SimulatedDcap sim = DcapSimulator.builder().quoteVersion(5).bodyType(TdBodyType.TD15).build().generate();
 * }</pre>
 */
public final class DcapSimulator {
  /** The instant at which generated evidence is meant to be verified. */
  public static final Instant VERIFY_AT = Instant.parse("2025-01-01T00:00:00Z");

  /** Collateral current at {@link #VERIFY_AT}. */
  public static final CollateralWindow CURRENT =
      new CollateralWindow(
          Instant.parse("2024-12-15T00:00:00Z"), Instant.parse("2025-01-14T00:00:00Z"));

  /** Collateral whose nextUpdate has passed at {@link #VERIFY_AT}. */
  public static final CollateralWindow EXPIRED =
      new CollateralWindow(
          Instant.parse("2024-12-01T00:00:00Z"), Instant.parse("2024-12-31T00:00:00Z"));

  public static final String DEFAULT_SEED = "teepol-sim-v1";

  /**
   * Fictional FMSPC (family/model/stepping/platform), so simulated collateral never poses as
   * Intel's.
   */
  public static final byte[] FMSPC = hex("10A06F010000");

  public static final byte[] OTHER_FMSPC = hex("20A06F020000");
  public static final byte[] PCE_ID = hex("0000");
  public static final int TCB_EVALUATION_DATA_NUMBER = 17;

  public static final TcbLevel UP_TO_DATE =
      new TcbLevel(
          TcbLevel.svns(4, 4, 2, 2, 4, 1, 0, 5),
          13,
          TcbLevel.svns(5, 0, 3),
          "2024-11-13T00:00:00Z",
          "UpToDate",
          List.of());
  public static final TcbLevel SW_HARDENING_NEEDED =
      new TcbLevel(
          TcbLevel.svns(3, 3, 2, 2, 4, 1, 0, 5),
          13,
          TcbLevel.svns(5, 0, 3),
          "2024-08-14T00:00:00Z",
          "SWHardeningNeeded",
          List.of("INTEL-SA-00615"));
  public static final TcbLevel OUT_OF_DATE =
      new TcbLevel(
          TcbLevel.svns(2, 2, 2, 2, 3, 1, 0, 5),
          13,
          TcbLevel.svns(5, 0, 2),
          "2024-03-13T00:00:00Z",
          "OutOfDate",
          List.of("INTEL-SA-01036", "INTEL-SA-01099"));

  /** Highest first, as PCS orders them: the first level a platform reaches is its status. */
  public static final List<TcbLevel> PLATFORM_LEVELS =
      List.of(UP_TO_DATE, SW_HARDENING_NEEDED, OUT_OF_DATE);

  /**
   * TEE_TCB_SVN: byte 0 = TDX module SVN, byte 1 = module major version (selects identity
   * "TDX_01"), byte 2 = TDX late microcode SVN. It reaches every level's TDX components whether a
   * verifier compares all 16 bytes or skips the two that the module identity covers.
   */
  public static final byte[] TEE_TCB_SVN =
      new byte[] {6, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  public static final List<IsvTcbLevel> MODULE_LEVELS =
      List.of(
          new IsvTcbLevel(6, "2024-11-13T00:00:00Z", "UpToDate", List.of()),
          new IsvTcbLevel(4, "2024-03-13T00:00:00Z", "OutOfDate", List.of("INTEL-SA-01036")));

  /** Intel's TDX module is signed by an all-zero MRSIGNERSEAM; so is the simulated one. */
  public static final byte[] MODULE_MRSIGNER = new byte[48];

  public static final byte[] QE_MRSIGNER = digest("SHA-256", "teepol-sim qe mrsigner");
  public static final int QE_ISVPRODID = 2;
  public static final int QE_ISVSVN = 4;

  /**
   * QE attributes: INIT and MODE64BIT set; the mask ignores the upper 8 bytes (XFRM) and DEBUG is
   * compared.
   */
  public static final byte[] QE_ATTRIBUTES = hex("11000000000000000000000000000000");

  public static final byte[] QE_ATTRIBUTES_MASK = hex("FBFFFFFFFFFFFFFF0000000000000000");
  public static final List<IsvTcbLevel> QE_LEVELS =
      List.of(
          new IsvTcbLevel(4, "2024-11-13T00:00:00Z", "UpToDate", List.of()),
          new IsvTcbLevel(2, "2024-03-13T00:00:00Z", "OutOfDate", List.of("INTEL-SA-00837")));

  /** TDATTRIBUTES with SEPT_VE_DISABLE (bit 28) set, as production TDs run. */
  public static final byte[] TD_ATTRIBUTES = hex("0000001000000000");

  public static final byte[] XFAM = hex("e702060000000000");

  private final Builder b;

  private DcapSimulator(Builder b) {
    this.b = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SimulatedDcap generate() {
    Optional<Breakage> br = Optional.ofNullable(b.breakage);
    TestPki pki = TestPki.create(b.seed, b.naming);
    // The rogue PKI reuses every name, so only a verifier that checks keys against the anchor
    // notices.
    TestPki quotePki =
        is(Breakage.PCK_CHAIN_UNTRUSTED_ROOT)
            ? TestPki.create(b.seed + "/untrusted-root", b.naming)
            : pki;

    TcbLevel level = is(Breakage.TCB_OUT_OF_DATE) ? OUT_OF_DATE : b.platformLevel;
    PlatformTcb platform =
        new PlatformTcb(
            Arrays.copyOf(digest("SHA-256", b.seed + " ppid"), 16),
            level.sgxComponents(),
            level.pceSvn(),
            PCE_ID,
            FMSPC);
    TestPki.Issued leaf = quotePki.issuePckLeaf(platform);

    SimKey attKey = SimKey.derive(b.seed, "attestation-key");
    byte[] authData = new byte[32];
    for (int i = 0; i < authData.length; i++) {
      authData[i] = (byte) i;
    }
    byte[] boundKey =
        is(Breakage.QE_REPORT_NOT_BINDING_ATT_KEY)
            ? SimKey.derive(b.seed, "some-other-attestation-key").rawPublicKey()
            : attKey.rawPublicKey();
    byte[] qeReportData = Arrays.copyOf(SimKey.sha256(boundKey, authData), 64);
    if (is(Breakage.QE_REPORT_DATA_UPPER_HALF_SET)) {
      qeReportData[63] = 1;
    }
    byte[] qeMrSigner =
        is(Breakage.QE_MRSIGNER_MISMATCH) ? digest("SHA-256", "teepol-sim rogue qe") : QE_MRSIGNER;
    QeReport qe =
        new QeReport(
            platform.cpuSvn(),
            is(Breakage.QE_MISCSELECT_MISMATCH) ? 1 : 0,
            QE_ATTRIBUTES,
            digest("SHA-256", "teepol-sim qe mrenclave"),
            qeMrSigner,
            QE_ISVPRODID,
            QE_ISVSVN,
            qeReportData);

    byte[] tdAttributes = b.tdAttributes.clone();
    if (is(Breakage.DEBUG_TD)) {
      tdAttributes[0] |= TdReport.DEBUG_BIT;
    }
    byte[] mrSignerSeam =
        is(Breakage.TDX_MODULE_MRSIGNER_MISMATCH)
            ? digest("SHA-384", "teepol-sim rogue module signer")
            : MODULE_MRSIGNER;
    TdReport td =
        new TdReport(
            TEE_TCB_SVN,
            digest("SHA-384", "teepol-sim mrseam"),
            mrSignerSeam,
            new byte[8],
            tdAttributes,
            XFAM,
            b.mrTd,
            b.mrConfigId,
            new byte[48],
            new byte[48],
            b.rtmrs[0],
            b.rtmrs[1],
            b.rtmrs[2],
            b.rtmrs[3],
            b.reportData,
            TEE_TCB_SVN,
            b.mrServiceTd);

    byte[] quote =
        QuoteAssembler.tdx(
            new QuoteAssembler.Parts(
                b.quoteVersion,
                b.bodyType,
                QE_ISVSVN,
                platform.pceSvn(),
                Arrays.copyOf(digest("SHA-256", "teepol-sim qe id"), 20),
                td.encode(b.bodyType),
                attKey,
                qe.encode(),
                leaf.key(),
                authData,
                Pem.chain(leaf.cert(), quotePki.platformCa().cert(), quotePki.root().cert()),
                is(Breakage.QUOTE_BAD_SIGNATURE),
                is(Breakage.QE_REPORT_BAD_SIGNATURE)));

    return new SimulatedDcap(
        quote,
        pki.root().cert(),
        collateral(pki, leaf, platform),
        leaf.cert(),
        attKey.rawPublicKey(),
        br);
  }

  /** A collateral signing key and the issuer chain (signer first) that ships with its document. */
  private record Signer(SimKey key, byte[] chainPem) {}

  /** What the CRLs must list so a {@link CollateralSigner} is revoked where it says so. */
  private record Revoked(List<X509Certificate> byPckCa, List<X509Certificate> byRoot) {}

  private Signer signer(
      CollateralSigner s, TestPki pki, TestPki.Issued leaf, TestPki.Issued otherLeaf) {
    X509Certificate root = pki.root().cert();
    TestPki.Issued ca = pki.platformCa();
    return switch (s) {
      case TCB_SIGNING, REVOKED_TCB_SIGNING ->
          new Signer(pki.tcbSigning().key(), Pem.chain(pki.tcbSigning().cert(), root));
      case PCK_LEAF -> new Signer(leaf.key(), Pem.chain(leaf.cert(), ca.cert(), root));
      case PCK_PLATFORM_CA -> new Signer(ca.key(), Pem.chain(ca.cert(), root));
      case REVOKED_PCK_LEAF ->
          new Signer(otherLeaf.key(), Pem.chain(otherLeaf.cert(), ca.cert(), root));
      case ROOT -> new Signer(pki.root().key(), Pem.chain(root));
      case TCB_NAMED_CA ->
          issued(
              pki.issue("TCB Signing", "rogue-tcb-ca", pki.root(), TestPki.Profile.CA, 101), root);
      case TCB_NAMED_WITHOUT_DIGITAL_SIGNATURE ->
          issued(
              pki.issue(
                  "TCB Signing",
                  "rogue-tcb-key-agreement",
                  pki.root(),
                  new TestPki.Profile(false, KeyUsage.keyAgreement),
                  102),
              root);
      case TCB_NAMED_ISSUED_BY_PCK_CA -> {
        TestPki.Issued x =
            pki.issue("TCB Signing", "rogue-tcb-under-pck-ca", ca, TestPki.Profile.SIGNING, 103);
        yield new Signer(x.key(), Pem.chain(x.cert(), ca.cert(), root));
      }
      case WRONG_NAME ->
          issued(
              pki.issue(
                  "Collateral Signing",
                  "rogue-other-name",
                  pki.root(),
                  TestPki.Profile.SIGNING,
                  104),
              root);
      case EXTRA_CERT_IN_CHAIN ->
          new Signer(pki.tcbSigning().key(), Pem.chain(pki.tcbSigning().cert(), root, root));
    };
  }

  private static Signer issued(TestPki.Issued x, X509Certificate root) {
    return new Signer(x.key(), Pem.chain(x.cert(), root));
  }

  private static void revoke(
      CollateralSigner s, TestPki pki, TestPki.Issued otherLeaf, Revoked out) {
    if (s == CollateralSigner.REVOKED_PCK_LEAF) {
      out.byPckCa().add(otherLeaf.cert());
    } else if (s == CollateralSigner.REVOKED_TCB_SIGNING) {
      out.byRoot().add(pki.tcbSigning().cert());
    }
  }

  private Map<String, byte[]> collateral(TestPki pki, TestPki.Issued leaf, PlatformTcb platform) {
    Map<String, byte[]> files = new HashMap<>();
    byte[] root = Pem.chain(pki.root().cert());
    PlatformTcb otherPlatform =
        new PlatformTcb(
            Arrays.copyOf(digest("SHA-256", b.seed + " other ppid"), 16),
            platform.sgxComponents(),
            platform.pceSvn(),
            PCE_ID,
            FMSPC);
    TestPki.Issued otherLeaf = pki.issueOtherPckLeaf(otherPlatform);
    Revoked revoked = new Revoked(new ArrayList<>(), new ArrayList<>());
    revoke(b.tcbInfoSigner, pki, otherLeaf, revoked);
    revoke(b.qeIdentitySigner, pki, otherLeaf, revoked);

    PcsJson.TcbInfo tcbInfo =
        new PcsJson.TcbInfo(
            is(Breakage.WRONG_FMSPC) ? OTHER_FMSPC : FMSPC,
            window(CollateralLayout.TCB_INFO, is(Breakage.TCB_INFO_EXPIRED)),
            TCB_EVALUATION_DATA_NUMBER,
            MODULE_MRSIGNER,
            MODULE_LEVELS,
            PLATFORM_LEVELS);
    Signer tcbSigner = signer(b.tcbInfoSigner, pki, leaf, otherLeaf);
    files.put(
        CollateralLayout.TCB_INFO,
        PcsJson.signedFile(
            "tcbInfo",
            b.tcbInfoEdit.apply(PcsJson.tcbInfoBody(tcbInfo)),
            tcbSigner.key(),
            is(Breakage.TCB_INFO_BAD_SIGNATURE)));
    files.put(CollateralLayout.TCB_INFO_CHAIN, tcbSigner.chainPem());

    PcsJson.QeIdentity qeIdentity =
        new PcsJson.QeIdentity(
            window(CollateralLayout.QE_IDENTITY, is(Breakage.QE_IDENTITY_EXPIRED)),
            TCB_EVALUATION_DATA_NUMBER,
            QE_MRSIGNER,
            QE_ISVPRODID,
            QE_ATTRIBUTES,
            QE_ATTRIBUTES_MASK,
            QE_LEVELS);
    Signer qeSigner = signer(b.qeIdentitySigner, pki, leaf, otherLeaf);
    files.put(
        CollateralLayout.QE_IDENTITY,
        PcsJson.signedFile(
            "enclaveIdentity",
            PcsJson.qeIdentityBody(qeIdentity),
            qeSigner.key(),
            is(Breakage.QE_IDENTITY_BAD_SIGNATURE)));
    files.put(CollateralLayout.QE_IDENTITY_CHAIN, qeSigner.chainPem());

    CollateralWindow pckWindow = window(CollateralLayout.PCK_CRL, is(Breakage.PCK_CRL_EXPIRED));
    List<X509Certificate> pckRevoked = new ArrayList<>(revoked.byPckCa());
    if (is(Breakage.PCK_REVOKED)) {
      pckRevoked.add(0, leaf.cert());
    }
    byte[] pckCrl =
        TestPki.crl(pki.platformCa(), pckWindow.issued(), pckWindow.nextUpdate(), pckRevoked);
    files.put(
        CollateralLayout.PCK_CRL,
        is(Breakage.PCK_CRL_BAD_SIGNATURE) ? flipLastBit(pckCrl) : pckCrl);
    files.put(CollateralLayout.PCK_CRL_CHAIN, concat(Pem.chain(pki.platformCa().cert()), root));

    List<X509Certificate> rootRevoked = new ArrayList<>(revoked.byRoot());
    if (is(Breakage.INTERMEDIATE_REVOKED)) {
      rootRevoked.add(0, pki.platformCa().cert());
    }
    CollateralWindow rootWindow = window(CollateralLayout.ROOT_CA_CRL, false);
    byte[] rootCrl =
        TestPki.crl(pki.root(), rootWindow.issued(), rootWindow.nextUpdate(), rootRevoked);
    files.put(
        CollateralLayout.ROOT_CA_CRL,
        is(Breakage.ROOT_CA_CRL_BAD_SIGNATURE) ? flipLastBit(rootCrl) : rootCrl);
    return files;
  }

  /** The window of one collateral document: EXPIRED when broken so, else as set, else CURRENT. */
  private CollateralWindow window(String document, boolean expired) {
    return expired ? EXPIRED : b.windows.getOrDefault(document, CURRENT);
  }

  private boolean is(Breakage x) {
    return b.breakage == x;
  }

  /**
   * The last byte of a DER CRL is the last byte of the signature's S integer, so flipping its low
   * bit keeps the encoding well-formed and breaks only the signature.
   */
  static byte[] flipLastBit(byte[] der) {
    byte[] out = der.clone();
    out[out.length - 1] ^= 0x01;
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] digest(String alg, String label) {
    try {
      return MessageDigest.getInstance(alg).digest(label.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** Settings; every one has a default that yields valid, UpToDate TDX v4 evidence. */
  public static final class Builder {
    private String seed = DEFAULT_SEED;
    private int quoteVersion = 4;
    private TdBodyType bodyType = TdBodyType.TD10;
    private TcbLevel platformLevel = UP_TO_DATE;
    private Breakage breakage;
    private UnaryOperator<String> tcbInfoEdit = UnaryOperator.identity();
    private final Map<String, CollateralWindow> windows = new HashMap<>();
    private CollateralSigner tcbInfoSigner = CollateralSigner.TCB_SIGNING;
    private CollateralSigner qeIdentitySigner = CollateralSigner.TCB_SIGNING;
    private TestPki.Naming naming = TestPki.Naming.TEST;
    private byte[] reportData = digest("SHA-512", "teepol-sim report_data");
    private byte[] mrTd = digest("SHA-384", "teepol-sim mrtd");
    private byte[] mrConfigId = new byte[48];
    private byte[] tdAttributes = TD_ATTRIBUTES.clone();
    private byte[] mrServiceTd = new byte[48];
    private final byte[][] rtmrs = {
      digest("SHA-384", "teepol-sim rtmr0"),
      digest("SHA-384", "teepol-sim rtmr1"),
      digest("SHA-384", "teepol-sim rtmr2"),
      new byte[48]
    };

    private Builder() {}

    /** Keys derive from the seed: different seeds give unrelated PKIs. */
    public Builder seed(String seed) {
      this.seed = Objects.requireNonNull(seed);
      return this;
    }

    /** 4 or 5. Choosing 4 resets the body to TD 1.0 (the only body v4 carries). */
    public Builder quoteVersion(int version) {
      if (version != 4 && version != 5) {
        throw new IllegalArgumentException("quote version 4 or 5");
      }
      this.quoteVersion = version;
      if (version == 4) {
        this.bodyType = TdBodyType.TD10;
      }
      return this;
    }

    /** TD15 needs a v5 quote. */
    public Builder bodyType(TdBodyType type) {
      this.bodyType = Objects.requireNonNull(type);
      return this;
    }

    /**
     * The platform TCB level the PCK certificate's SVNs sit at (one of {@link #PLATFORM_LEVELS}).
     */
    public Builder platformLevel(TcbLevel level) {
      this.platformLevel = Objects.requireNonNull(level);
      return this;
    }

    /** Convenience for {@link #platformLevel}: "UpToDate", "SWHardeningNeeded" or "OutOfDate". */
    public Builder tcbStatus(String status) {
      return platformLevel(
          PLATFORM_LEVELS.stream()
              .filter(l -> l.status().equals(status))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no simulated TCB level with status " + status)));
    }

    /** At most one defect; {@code null} means valid evidence. */
    public Builder breakage(Breakage breakage) {
      this.breakage = breakage;
      return this;
    }

    /**
     * When one collateral document ({@link CollateralLayout#TCB_INFO}, {@code QE_IDENTITY}, {@code
     * PCK_CRL} or {@code ROOT_CA_CRL}) is issued and stops being current, instead of {@link
     * DcapSimulator#CURRENT}.
     */
    public Builder window(String document, CollateralWindow window) {
      this.windows.put(document, Objects.requireNonNull(window));
      return this;
    }

    /**
     * Rewrites the TCB info JSON text before it is signed, so the edit is covered by a valid
     * signature: for tests of how a verifier reads signed documents (duplicate keys and the like).
     */
    public Builder editTcbInfoBody(UnaryOperator<String> edit) {
      this.tcbInfoEdit = Objects.requireNonNull(edit);
      return this;
    }

    /** Who signs the TCB info (Intel's TCB Signing certificate unless a test says otherwise). */
    public Builder tcbInfoSigner(CollateralSigner signer) {
      this.tcbInfoSigner = Objects.requireNonNull(signer);
      return this;
    }

    /** Who signs the QE identity (Intel's TCB Signing certificate unless a test says otherwise). */
    public Builder qeIdentitySigner(CollateralSigner signer) {
      this.qeIdentitySigner = Objects.requireNonNull(signer);
      return this;
    }

    /**
     * How the simulated PKI names its certificates. {@link TestPki.Naming#INTEL_LOOKALIKE} copies
     * Intel's subjects: evidence a forger would build, genuine only under its own root.
     */
    public Builder naming(TestPki.Naming naming) {
      this.naming = Objects.requireNonNull(naming);
      return this;
    }

    public Builder reportData(byte[] reportData) {
      this.reportData = sized(reportData, 64);
      return this;
    }

    public Builder mrTd(byte[] mrTd) {
      this.mrTd = sized(mrTd, 48);
      return this;
    }

    public Builder mrConfigId(byte[] mrConfigId) {
      this.mrConfigId = sized(mrConfigId, 48);
      return this;
    }

    /** TD_ATTRIBUTES as the 64-bit value the TDX module reports (written little-endian). */
    public Builder tdAttributes(long bits) {
      this.tdAttributes =
          java.nio.ByteBuffer.allocate(8)
              .order(java.nio.ByteOrder.LITTLE_ENDIAN)
              .putLong(bits)
              .array();
      return this;
    }

    /** MRSERVICETD of a TD 1.5 body (ignored for TD 1.0). */
    public Builder mrServiceTd(byte[] mrServiceTd) {
      this.mrServiceTd = sized(mrServiceTd, 48);
      return this;
    }

    public Builder rtmr(int index, byte[] value) {
      Objects.checkIndex(index, 4);
      this.rtmrs[index] = sized(value, 48);
      return this;
    }

    public DcapSimulator build() {
      if (quoteVersion == 4 && bodyType != TdBodyType.TD10) {
        throw new IllegalStateException("a v4 quote carries only a TD 1.0 body");
      }
      Builder copy = new Builder();
      copy.seed = seed;
      copy.quoteVersion = quoteVersion;
      copy.bodyType = bodyType;
      copy.platformLevel = platformLevel;
      copy.breakage = breakage;
      copy.tcbInfoEdit = tcbInfoEdit;
      copy.windows.putAll(windows);
      copy.tcbInfoSigner = tcbInfoSigner;
      copy.qeIdentitySigner = qeIdentitySigner;
      copy.naming = naming;
      copy.reportData = reportData.clone();
      copy.mrTd = mrTd.clone();
      copy.mrConfigId = mrConfigId.clone();
      copy.tdAttributes = tdAttributes.clone();
      copy.mrServiceTd = mrServiceTd.clone();
      for (int i = 0; i < 4; i++) {
        copy.rtmrs[i] = rtmrs[i].clone();
      }
      return new DcapSimulator(copy);
    }

    private static byte[] sized(byte[] v, int size) {
      if (v.length != size) {
        throw new IllegalArgumentException("expected " + size + " bytes, got " + v.length);
      }
      return v.clone();
    }
  }
}
