package dev.teepol.providers.tdx.sim;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DcapSimulatorTest {
  private static final SimulatedDcap VALID_V4 = DcapSimulator.builder().build().generate();
  private static final SimulatedDcap VALID_V5_TD15 =
      DcapSimulator.builder().quoteVersion(5).bodyType(TdBodyType.TD15).build().generate();
  private static final SimulatedDcap VALID_V5_TD10 =
      DcapSimulator.builder().quoteVersion(5).build().generate();

  @Test
  void lengthFieldsAccountForEveryByte() {
    for (SimulatedDcap sim : List.of(VALID_V4, VALID_V5_TD10, VALID_V5_TD15)) {
      QuoteView q = new QuoteView(sim.quote());
      assertThat(q.u16(2)).as("attestation key type").isEqualTo(2);
      assertThat(q.u32(4)).as("TEE type").isEqualTo(0x81);
      assertThat(q.signatureDataLength()).isEqualTo(sim.quote().length - q.sigOffset());
      assertThat(q.certDataType()).isEqualTo(6);
      assertThat(q.certDataLength()).isEqualTo(sim.quote().length - (q.sigOffset() + 134));
      assertThat(q.innerType()).isEqualTo(5);
      assertThat(q.innerOffset() + 6 + q.innerLength()).isEqualTo(sim.quote().length);
    }
    QuoteView v5 = new QuoteView(VALID_V5_TD15.quote());
    assertThat(v5.version()).isEqualTo(5);
    assertThat(v5.u16(0x30)).as("body type TD 1.5").isEqualTo(3);
    assertThat(v5.bodySize()).isEqualTo(648);
    assertThat(new QuoteView(VALID_V5_TD10.quote()).u16(0x30)).as("body type TD 1.0").isEqualTo(2);
    assertThat(new QuoteView(VALID_V5_TD10.quote()).bodySize()).isEqualTo(584);
    assertThat(new QuoteView(VALID_V4.quote()).version()).isEqualTo(4);
  }

  @Test
  void quoteSignatureVerifiesWithTheJdkOverHeaderDescriptorAndBody() throws Exception {
    for (SimulatedDcap sim : List.of(VALID_V4, VALID_V5_TD10, VALID_V5_TD15)) {
      QuoteView q = new QuoteView(sim.quote());
      assertThat(q.attestationKey()).isEqualTo(sim.attestationKey());
      PublicKey key = rawP256(q.attestationKey());
      assertThat(verifyP1363(key, q.quoteSignature(), q.slice(0, q.signedLength()))).isTrue();
    }
  }

  @Test
  void qeReportIsSignedByPckLeafAndBindsAttestationKey() throws Exception {
    QuoteView q = new QuoteView(VALID_V4.quote());
    assertThat(verifyP1363(VALID_V4.pckLeaf().getPublicKey(), q.qeReportSignature(), q.qeReport()))
        .isTrue();
    byte[] expected = Arrays.copyOf(sha256(q.attestationKey(), q.authData()), 64);
    assertThat(Arrays.copyOfRange(q.qeReport(), 320, 384)).isEqualTo(expected);
    assertThat(ByteBuffer.wrap(q.qeReport()).order(ByteOrder.LITTLE_ENDIAN).getShort(256))
        .isEqualTo((short) 2);
    assertThat(Arrays.copyOfRange(q.qeReport(), 128, 160)).isEqualTo(DcapSimulator.QE_MRSIGNER);
  }

  @Test
  void pemChainValidatesToTheRootAtVerifyInstant() throws Exception {
    List<X509Certificate> chain = pem(new QuoteView(VALID_V4.quote()).pemChain());
    assertThat(chain).hasSize(3);
    assertThat(chain.get(0)).isEqualTo(VALID_V4.pckLeaf());
    assertThat(chain.get(2)).isEqualTo(VALID_V4.root());
    assertThat(chain.get(1).getSubjectX500Principal().getName())
        .contains("Teepol Test SGX PCK Platform CA");
    assertThat(chain.get(0).getSubjectX500Principal().getName())
        .contains("Teepol Test SGX PCK Certificate");
    assertThat(validates(chain.subList(0, 2), VALID_V4.root())).isTrue();
    List<X509Certificate> tcbChain =
        pem(VALID_V4.collateralFiles().get(CollateralLayout.TCB_INFO_CHAIN));
    assertThat(tcbChain.get(0).getSubjectX500Principal().getName())
        .contains("Teepol Test SGX TCB Signing");
    assertThat(validates(tcbChain.subList(0, 1), VALID_V4.root())).isTrue();
  }

  @Test
  void sgxExtensionParsesBackToTheSimulatedPlatform() throws Exception {
    byte[] ext = VALID_V4.pckLeaf().getExtensionValue(SgxExtension.OID.getId());
    assertThat(VALID_V4.pckLeaf().getCriticalExtensionOIDs())
        .doesNotContain(SgxExtension.OID.getId());
    ASN1Sequence top = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets());
    Map<ASN1ObjectIdentifier, ASN1Encodable> fields = entries(top);
    assertThat(fields.keySet())
        .containsExactly(
            SgxExtension.PPID,
            SgxExtension.TCB,
            SgxExtension.PCE_ID,
            SgxExtension.FMSPC,
            SgxExtension.SGX_TYPE);
    assertThat(octets(fields.get(SgxExtension.PPID))).hasSize(16);
    assertThat(octets(fields.get(SgxExtension.PCE_ID))).isEqualTo(DcapSimulator.PCE_ID);
    assertThat(octets(fields.get(SgxExtension.FMSPC))).isEqualTo(DcapSimulator.FMSPC);
    assertThat(ASN1Enumerated.getInstance(fields.get(SgxExtension.SGX_TYPE)).intValueExact())
        .isZero();

    Map<ASN1ObjectIdentifier, ASN1Encodable> tcb =
        entries(ASN1Sequence.getInstance(fields.get(SgxExtension.TCB)));
    assertThat(tcb).hasSize(18);
    int[] comps = new int[16];
    for (int i = 0; i < 16; i++) {
      comps[i] =
          ASN1Integer.getInstance(tcb.get(SgxExtension.TCB.branch(Integer.toString(i + 1))))
              .intValueExact();
    }
    assertThat(comps).isEqualTo(DcapSimulator.UP_TO_DATE.sgxComponents());
    assertThat(ASN1Integer.getInstance(tcb.get(SgxExtension.PCESVN)).intValueExact())
        .isEqualTo(DcapSimulator.UP_TO_DATE.pceSvn());
    assertThat(octets(tcb.get(SgxExtension.CPUSVN))).hasSize(16);
  }

  @Test
  void tcbInfoAndQeIdentitySignaturesCoverTheExactEmbeddedText() throws Exception {
    PublicKey tcbKey =
        pem(VALID_V4.collateralFiles().get(CollateralLayout.TCB_INFO_CHAIN)).get(0).getPublicKey();
    for (String[] doc :
        new String[][] {
          {CollateralLayout.TCB_INFO, "tcbInfo"}, {CollateralLayout.QE_IDENTITY, "enclaveIdentity"}
        }) {
      String file = new String(VALID_V4.collateralFiles().get(doc[0]), StandardCharsets.UTF_8);
      String body = signedSubstring(file, doc[1]);
      JsonObject parsed = json(file);
      byte[] sig = HexFormat.of().parseHex(parsed.getString("signature"));
      assertThat(verifyP1363(tcbKey, sig, body.getBytes(StandardCharsets.UTF_8)))
          .as(doc[0])
          .isTrue();
    }
  }

  @Test
  void tcbInfoHasThePcsV4TdxShape() {
    JsonObject tcb =
        json(new String(
                VALID_V4.collateralFiles().get(CollateralLayout.TCB_INFO), StandardCharsets.UTF_8))
            .getJsonObject("tcbInfo");
    assertThat(tcb.keySet())
        .containsExactly(
            "id",
            "version",
            "issueDate",
            "nextUpdate",
            "fmspc",
            "pceId",
            "tcbType",
            "tcbEvaluationDataNumber",
            "tdxModule",
            "tdxModuleIdentities",
            "tcbLevels");
    assertThat(tcb.getString("id")).isEqualTo("TDX");
    assertThat(tcb.getInt("version")).isEqualTo(3);
    assertThat(tcb.getString("fmspc")).isEqualTo("10A06F010000");
    assertThat(tcb.getString("issueDate")).isEqualTo("2024-12-15T00:00:00Z");
    assertThat(tcb.getString("nextUpdate")).isEqualTo("2025-01-14T00:00:00Z");
    assertThat(tcb.getJsonObject("tdxModule").getString("mrsigner")).hasSize(96);
    assertThat(tcb.getJsonArray("tdxModuleIdentities").getJsonObject(0).getString("id"))
        .isEqualTo("TDX_01");
    var levels = tcb.getJsonArray("tcbLevels");
    assertThat(levels.getJsonObject(0).getString("tcbStatus")).isEqualTo("UpToDate");
    assertThat(levels.getJsonObject(0).getJsonObject("tcb").getJsonArray("sgxtcbcomponents"))
        .hasSize(16);
    assertThat(levels.getJsonObject(0).getJsonObject("tcb").getJsonArray("tdxtcbcomponents"))
        .hasSize(16);
    assertThat(levels.getJsonObject(2).getString("tcbStatus")).isEqualTo("OutOfDate");
    assertThat(levels.getJsonObject(2).getJsonArray("advisoryIDs")).isNotEmpty();

    JsonObject qe =
        json(new String(
                VALID_V4.collateralFiles().get(CollateralLayout.QE_IDENTITY),
                StandardCharsets.UTF_8))
            .getJsonObject("enclaveIdentity");
    assertThat(qe.getString("id")).isEqualTo("TD_QE");
    assertThat(qe.getInt("version")).isEqualTo(2);
    assertThat(qe.getString("mrsigner"))
        .isEqualTo(HexFormat.of().withUpperCase().formatHex(DcapSimulator.QE_MRSIGNER));
  }

  @Test
  void crlsAreSignedByTheirIssuersAndCurrentAtVerifyInstant() throws Exception {
    X509CRL pck = crl(VALID_V4.collateralFiles().get(CollateralLayout.PCK_CRL));
    X509Certificate platformCa =
        pem(VALID_V4.collateralFiles().get(CollateralLayout.PCK_CRL_CHAIN)).get(0);
    pck.verify(platformCa.getPublicKey());
    assertThat(pck.getIssuerX500Principal()).isEqualTo(platformCa.getSubjectX500Principal());
    assertThat(pck.getRevokedCertificates()).isNull();
    X509CRL root = crl(VALID_V4.collateralFiles().get(CollateralLayout.ROOT_CA_CRL));
    root.verify(VALID_V4.root().getPublicKey());
    for (X509CRL c : List.of(pck, root)) {
      assertThat(c.getThisUpdate().toInstant()).isBefore(DcapSimulator.VERIFY_AT);
      assertThat(c.getNextUpdate().toInstant()).isAfter(DcapSimulator.VERIFY_AT);
      assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }
  }

  @Test
  void generationIsAPureFunctionOfTheSettings() {
    SimulatedDcap again = DcapSimulator.builder().build().generate();
    assertThat(again.quote()).isEqualTo(VALID_V4.quote());
    assertThat(again.collateralFiles().keySet()).isEqualTo(VALID_V4.collateralFiles().keySet());
    again
        .collateralFiles()
        .forEach((k, v) -> assertThat(v).as(k).isEqualTo(VALID_V4.collateralFiles().get(k)));
    SimulatedDcap other = DcapSimulator.builder().seed("another").build().generate();
    assertThat(other.root()).isNotEqualTo(VALID_V4.root());
  }

  @Test
  void writesTheDirectoryLayout(@TempDir Path dir) throws Exception {
    VALID_V4.writeTo(dir);
    assertThat(Files.readAllBytes(dir.resolve("quote.bin"))).isEqualTo(VALID_V4.quote());
    assertThat(Files.readAllBytes(dir.resolve("root_ca.der")))
        .isEqualTo(VALID_V4.root().getEncoded());
    List<String> names = new ArrayList<>(CollateralLayout.COLLATERAL_FILES);
    names.add(CollateralLayout.ROOT_CA);
    try (var files = Files.list(dir.resolve("collateral"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void statusSettingPicksThePlatformSvns() throws Exception {
    SimulatedDcap swh = DcapSimulator.builder().tcbStatus("SWHardeningNeeded").build().generate();
    assertThat(leafComponents(swh.pckLeaf()))
        .isEqualTo(DcapSimulator.SW_HARDENING_NEEDED.sgxComponents());
  }

  /** Quote-side defects leave the collateral alone and vice versa; each touches one artefact. */
  @ParameterizedTest
  @EnumSource(Breakage.class)
  void eachBreakageChangesExactlyOneArtefact(Breakage breakage) {
    SimulatedDcap broken = DcapSimulator.builder().breakage(breakage).build().generate();
    assertThat(broken.breakage()).contains(breakage);
    assertThat(broken.root()).isEqualTo(VALID_V4.root());
    List<String> changed =
        VALID_V4.collateralFiles().keySet().stream()
            .filter(
                k ->
                    !Arrays.equals(
                        VALID_V4.collateralFiles().get(k), broken.collateralFiles().get(k)))
            .toList();
    if (breakage.where() == Breakage.Where.QUOTE) {
      assertThat(changed).isEmpty();
      assertThat(broken.quote()).isNotEqualTo(VALID_V4.quote());
      assertThat(broken.quote()).hasSameSizeAs(VALID_V4.quote());
    } else {
      assertThat(changed).hasSize(1);
      assertThat(broken.quote()).isEqualTo(VALID_V4.quote());
    }
  }

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void eachBreakageBreaksWhatItNames(Breakage breakage) throws Exception {
    SimulatedDcap s = DcapSimulator.builder().breakage(breakage).build().generate();
    QuoteView q = new QuoteView(s.quote());
    Map<String, byte[]> c = s.collateralFiles();
    X509Certificate platformCa = pem(c.get(CollateralLayout.PCK_CRL_CHAIN)).get(0);
    PublicKey tcbKey = pem(c.get(CollateralLayout.TCB_INFO_CHAIN)).get(0).getPublicKey();
    switch (breakage) {
      case QUOTE_BAD_SIGNATURE -> {
        assertThat(
                verifyP1363(
                    rawP256(q.attestationKey()), q.quoteSignature(), q.slice(0, q.signedLength())))
            .isFalse();
        assertThat(verifyP1363(s.pckLeaf().getPublicKey(), q.qeReportSignature(), q.qeReport()))
            .isTrue();
      }
      case QE_REPORT_BAD_SIGNATURE -> {
        assertThat(verifyP1363(s.pckLeaf().getPublicKey(), q.qeReportSignature(), q.qeReport()))
            .isFalse();
        assertThat(
                verifyP1363(
                    rawP256(q.attestationKey()), q.quoteSignature(), q.slice(0, q.signedLength())))
            .isTrue();
      }
      case QE_REPORT_NOT_BINDING_ATT_KEY -> {
        assertThat(Arrays.copyOfRange(q.qeReport(), 320, 352))
            .isNotEqualTo(sha256(q.attestationKey(), q.authData()));
        assertThat(verifyP1363(s.pckLeaf().getPublicKey(), q.qeReportSignature(), q.qeReport()))
            .isTrue();
      }
      case QE_REPORT_DATA_UPPER_HALF_SET -> {
        assertThat(Arrays.copyOfRange(q.qeReport(), 320, 352))
            .isEqualTo(sha256(q.attestationKey(), q.authData()));
        assertThat(Arrays.copyOfRange(q.qeReport(), 352, 384)).isNotEqualTo(new byte[32]);
        assertThat(verifyP1363(s.pckLeaf().getPublicKey(), q.qeReportSignature(), q.qeReport()))
            .isTrue();
      }
      case PCK_CHAIN_UNTRUSTED_ROOT -> {
        List<X509Certificate> chain = pem(q.pemChain());
        assertThat(validates(chain.subList(0, 2), s.root())).isFalse();
        assertThat(validates(chain.subList(0, 2), chain.get(2))).isTrue();
        assertThat(chain.get(2).getSubjectX500Principal())
            .isEqualTo(s.root().getSubjectX500Principal());
      }
      case PCK_REVOKED ->
          assertThat(crl(c.get(CollateralLayout.PCK_CRL)).isRevoked(s.pckLeaf())).isTrue();
      case INTERMEDIATE_REVOKED ->
          assertThat(crl(c.get(CollateralLayout.ROOT_CA_CRL)).isRevoked(platformCa)).isTrue();
      case PCK_CRL_BAD_SIGNATURE ->
          assertThat(crlVerifies(c.get(CollateralLayout.PCK_CRL), platformCa.getPublicKey()))
              .isFalse();
      case ROOT_CA_CRL_BAD_SIGNATURE ->
          assertThat(crlVerifies(c.get(CollateralLayout.ROOT_CA_CRL), s.root().getPublicKey()))
              .isFalse();
      case PCK_CRL_EXPIRED ->
          assertThat(crl(c.get(CollateralLayout.PCK_CRL)).getNextUpdate().toInstant())
              .isBefore(DcapSimulator.VERIFY_AT);
      case TCB_INFO_BAD_SIGNATURE ->
          assertThat(jsonSignatureVerifies(c.get(CollateralLayout.TCB_INFO), "tcbInfo", tcbKey))
              .isFalse();
      case QE_IDENTITY_BAD_SIGNATURE ->
          assertThat(
                  jsonSignatureVerifies(
                      c.get(CollateralLayout.QE_IDENTITY), "enclaveIdentity", tcbKey))
              .isFalse();
      case TCB_INFO_EXPIRED ->
          assertThat(nextUpdate(c.get(CollateralLayout.TCB_INFO), "tcbInfo"))
              .isEqualTo("2024-12-31T00:00:00Z");
      case QE_IDENTITY_EXPIRED ->
          assertThat(nextUpdate(c.get(CollateralLayout.QE_IDENTITY), "enclaveIdentity"))
              .isEqualTo("2024-12-31T00:00:00Z");
      case WRONG_FMSPC -> {
        assertThat(
                json(new String(c.get(CollateralLayout.TCB_INFO), StandardCharsets.UTF_8))
                    .getJsonObject("tcbInfo")
                    .getString("fmspc"))
            .isEqualTo("20A06F020000");
        assertThat(jsonSignatureVerifies(c.get(CollateralLayout.TCB_INFO), "tcbInfo", tcbKey))
            .isTrue();
      }
      case QE_MRSIGNER_MISMATCH ->
          assertThat(Arrays.copyOfRange(q.qeReport(), 128, 160))
              .isNotEqualTo(DcapSimulator.QE_MRSIGNER);
      case QE_MISCSELECT_MISMATCH ->
          assertThat(Arrays.copyOfRange(q.qeReport(), 16, 20)).isNotEqualTo(new byte[4]);
      case TCB_OUT_OF_DATE ->
          assertThat(leafComponents(s.pckLeaf()))
              .isEqualTo(DcapSimulator.OUT_OF_DATE.sgxComponents());
      case TDX_MODULE_MRSIGNER_MISMATCH -> assertThat(q.mrSignerSeam()).isNotEqualTo(new byte[48]);
      case DEBUG_TD -> assertThat(q.tdAttributes()[0] & 1).isEqualTo(1);
      default -> throw new AssertionError("no expectation for " + breakage);
    }
    if (breakage.where() == Breakage.Where.QUOTE && breakage != Breakage.QUOTE_BAD_SIGNATURE) {
      // The defect is inside the signed content: the attestation key still vouches for it.
      assertThat(
              verifyP1363(
                  rawP256(q.attestationKey()), q.quoteSignature(), q.slice(0, q.signedLength())))
          .isTrue();
    }
  }

  // --- helpers: JDK and Bouncy Castle only, nothing from the code under test ---

  static String signedSubstring(String file, String key) {
    String prefix = "{\"" + key + "\":";
    int end = file.lastIndexOf(",\"signature\":\"");
    assertThat(file).startsWith(prefix);
    return file.substring(prefix.length(), end);
  }

  private static boolean jsonSignatureVerifies(byte[] file, String key, PublicKey k)
      throws Exception {
    String text = new String(file, StandardCharsets.UTF_8);
    byte[] sig = HexFormat.of().parseHex(json(text).getString("signature"));
    return verifyP1363(k, sig, signedSubstring(text, key).getBytes(StandardCharsets.UTF_8));
  }

  private static String nextUpdate(byte[] file, String key) {
    return json(new String(file, StandardCharsets.UTF_8))
        .getJsonObject(key)
        .getString("nextUpdate");
  }

  private static JsonObject json(String s) {
    try (JsonReader r = Json.createReader(new StringReader(s))) {
      return r.readObject();
    }
  }

  private static int[] leafComponents(X509Certificate leaf) {
    ASN1Sequence top =
        ASN1Sequence.getInstance(
            ASN1OctetString.getInstance(leaf.getExtensionValue(SgxExtension.OID.getId()))
                .getOctets());
    Map<ASN1ObjectIdentifier, ASN1Encodable> tcb =
        entries(ASN1Sequence.getInstance(entries(top).get(SgxExtension.TCB)));
    int[] out = new int[16];
    for (int i = 0; i < 16; i++) {
      out[i] =
          ASN1Integer.getInstance(tcb.get(SgxExtension.TCB.branch(Integer.toString(i + 1))))
              .intValueExact();
    }
    return out;
  }

  private static Map<ASN1ObjectIdentifier, ASN1Encodable> entries(ASN1Sequence seq) {
    Map<ASN1ObjectIdentifier, ASN1Encodable> out = new java.util.LinkedHashMap<>();
    for (ASN1Encodable e : seq) {
      ASN1Sequence pair = ASN1Sequence.getInstance(e);
      assertThat(pair.size()).isEqualTo(2);
      out.put(ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)), pair.getObjectAt(1));
    }
    return out;
  }

  private static byte[] octets(ASN1Encodable e) {
    return ASN1OctetString.getInstance(ASN1Primitive.class.cast(e.toASN1Primitive())).getOctets();
  }

  static PublicKey rawP256(byte[] xy) throws Exception {
    return dev.teepol.core.crypto.Ecdsa.p256Key(xy);
  }

  static boolean verifyP1363(PublicKey key, byte[] sig, byte[] data) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initVerify(key);
    s.update(data);
    return s.verify(sig);
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  @SuppressWarnings("unchecked")
  static List<X509Certificate> pem(byte[] pem) throws Exception {
    return new ArrayList<>(
        (java.util.Collection<X509Certificate>)
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)));
  }

  private static X509CRL crl(byte[] der) throws Exception {
    return (X509CRL)
        CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
  }

  private static boolean crlVerifies(byte[] der, PublicKey key) throws Exception {
    try {
      crl(der).verify(key);
      return true;
    } catch (java.security.SignatureException e) {
      return false;
    }
  }

  private static boolean validates(List<X509Certificate> chain, X509Certificate root)
      throws Exception {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(DcapSimulator.VERIFY_AT));
    try {
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
      return true;
    } catch (java.security.cert.CertPathValidatorException e) {
      return false;
    }
  }
}
