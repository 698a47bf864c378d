package dev.teepol.providers.tdx.sim;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * TDX TCB Info v3 and TD_QE identity v2 documents in Intel PCS v4 shape. The signed object is
 * rendered once to compact text and that exact text is both signed and embedded in the file, as PCS
 * does; verifiers must check the signature over those bytes, not over a re-serialization.
 */
public final class PcsJson {
  private static final HexFormat UPPER = HexFormat.of().withUpperCase();

  private PcsJson() {}

  /** The content of a TDX TCB info. */
  public record TcbInfo(
      byte[] fmspc,
      CollateralWindow window,
      int evaluationDataNumber,
      byte[] moduleMrSigner,
      List<IsvTcbLevel> moduleLevels,
      List<TcbLevel> levels) {}

  /** The content of a TD_QE identity. */
  public record QeIdentity(
      CollateralWindow window,
      int evaluationDataNumber,
      byte[] mrSigner,
      int isvProdId,
      byte[] attributes,
      byte[] attributesMask,
      List<IsvTcbLevel> levels) {}

  /** Module identity id: "TDX_" and the module major version from TEE_TCB_SVN[1]. */
  static final String MODULE_ID = "TDX_01";

  public static String tcbInfoBody(TcbInfo t) {
    String mrSigner = UPPER.formatHex(t.moduleMrSigner());
    JsonArrayBuilder levels = Json.createArrayBuilder();
    for (TcbLevel l : t.levels()) {
      JsonObjectBuilder tcb =
          Json.createObjectBuilder()
              .add("sgxtcbcomponents", components(l.sgxComponents()))
              .add("pcesvn", l.pceSvn())
              .add("tdxtcbcomponents", components(l.tdxComponents()));
      levels.add(
          level(
              Json.createObjectBuilder().add("tcb", tcb),
              l.tcbDate(),
              l.status(),
              l.advisoryIds()));
    }
    JsonObject o =
        Json.createObjectBuilder()
            .add("id", "TDX")
            .add("version", 3)
            .add("issueDate", t.window().issued().toString())
            .add("nextUpdate", t.window().nextUpdate().toString())
            .add("fmspc", UPPER.formatHex(t.fmspc()))
            .add("pceId", "0000")
            .add("tcbType", 0)
            .add("tcbEvaluationDataNumber", t.evaluationDataNumber())
            .add("tdxModule", moduleIdentity(Json.createObjectBuilder(), mrSigner))
            .add(
                "tdxModuleIdentities",
                Json.createArrayBuilder()
                    .add(
                        moduleIdentity(Json.createObjectBuilder().add("id", MODULE_ID), mrSigner)
                            .add("tcbLevels", isvLevels(t.moduleLevels()))))
            .add("tcbLevels", levels)
            .build();
    return o.toString();
  }

  public static String qeIdentityBody(QeIdentity q) {
    return Json.createObjectBuilder()
        .add("id", "TD_QE")
        .add("version", 2)
        .add("issueDate", q.window().issued().toString())
        .add("nextUpdate", q.window().nextUpdate().toString())
        .add("tcbEvaluationDataNumber", q.evaluationDataNumber())
        .add("miscselect", "00000000")
        .add("miscselectMask", "FFFFFFFF")
        .add("attributes", UPPER.formatHex(q.attributes()))
        .add("attributesMask", UPPER.formatHex(q.attributesMask()))
        .add("mrsigner", UPPER.formatHex(q.mrSigner()))
        .add("isvprodid", q.isvProdId())
        .add("tcbLevels", isvLevels(q.levels()))
        .build()
        .toString();
  }

  /**
   * The file: {@code {"<key>":<body>,"signature":"<hex r‖s>"}} with the signature over the UTF-8
   * bytes of {@code body}. {@code corrupt} flips one bit of the signature and nothing else.
   */
  public static byte[] signedFile(String key, String body, SimKey signer, boolean corrupt) {
    byte[] sig = signer.signRaw(body.getBytes(StandardCharsets.UTF_8));
    if (corrupt) {
      sig[63] ^= 0x01;
    }
    String file =
        "{\"" + key + "\":" + body + ",\"signature\":\"" + HexFormat.of().formatHex(sig) + "\"}";
    return file.getBytes(StandardCharsets.UTF_8);
  }

  /** PCS attaches category/type labels to some components; verifiers only read "svn". */
  private static JsonArrayBuilder components(int[] svns) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    for (int s : svns) {
      a.add(Json.createObjectBuilder().add("svn", s));
    }
    return a;
  }

  private static JsonObjectBuilder moduleIdentity(JsonObjectBuilder b, String mrSigner) {
    return b.add("mrsigner", mrSigner)
        .add("attributes", "0000000000000000")
        .add("attributesMask", "FFFFFFFFFFFFFFFF");
  }

  private static JsonArrayBuilder isvLevels(List<IsvTcbLevel> levels) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    for (IsvTcbLevel l : levels) {
      a.add(
          level(
              Json.createObjectBuilder()
                  .add("tcb", Json.createObjectBuilder().add("isvsvn", l.isvSvn())),
              l.tcbDate(),
              l.status(),
              l.advisoryIds()));
    }
    return a;
  }

  private static JsonObjectBuilder level(
      JsonObjectBuilder b, String date, String status, List<String> advisories) {
    b.add("tcbDate", date).add("tcbStatus", status);
    if (!advisories.isEmpty()) {
      b.add("advisoryIDs", Json.createArrayBuilder(advisories));
    }
    return b;
  }
}
