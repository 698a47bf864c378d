package dev.teepol.providers.tpm.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.CosLaunch;
import dev.teepol.providers.tpm.abi.CelParser;
import dev.teepol.providers.tpm.abi.CelRecord;
import dev.teepol.providers.tpm.abi.TpmHash;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Confidential Space / COS launcher's canonical event log: every record extends PCR 13 with the
 * hash of its COS content TLV, the records replay to the quoted PCR 13 of each bank they carry, and
 * the container they describe is decoded (image reference and digest, image id, restart policy,
 * arguments, environment, operator overrides). Like go-tpm-tools, an unknown COS event type, a
 * record for another PCR, a second image reference/digest/id or any event after the launch
 * separator is refused: the content type is not measured, so an event teepol cannot interpret could
 * be anything.
 */
public final class CosLaunchDecoder {
  /** The PCR the launcher extends. */
  public static final int COS_PCR = 13;

  static final int IMAGE_REF = 0;
  static final int IMAGE_DIGEST = 1;
  static final int RESTART_POLICY = 2;
  static final int IMAGE_ID = 3;
  static final int ARG = 4;
  static final int ENV_VAR = 5;
  static final int OVERRIDE_ARG = 6;
  static final int OVERRIDE_ENV = 7;
  static final int LAUNCH_SEPARATOR = 8;
  static final int MEMORY_MONITOR = 9;

  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");

  /**
   * @param problems why the log cannot be trusted, empty when it replays and decodes
   */
  public record Result(CosLaunch launch, List<String> problems) {}

  private CosLaunchDecoder() {}

  /**
   * @param quoted per verified bank, the quoted PCR 13
   */
  public static Result decode(List<CelRecord> records, Map<TpmHash, byte[]> quoted) {
    List<String> problems = new ArrayList<>();
    Map<TpmHash, byte[]> replay = new LinkedHashMap<>();
    for (TpmHash h : quoted.keySet()) {
      replay.put(h, new byte[h.size()]);
    }
    String ref = "";
    String digest = "";
    String id = "";
    String restart = "";
    List<String> args = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> overriddenArgs = new ArrayList<>();
    Map<String, String> overriddenEnv = new LinkedHashMap<>();
    boolean separated = false;
    for (CelRecord r : records) {
      String where = "cel[" + r.recnum() + "]";
      if (r.pcr() != COS_PCR) {
        problems.add(where + ": PCR " + r.pcr() + "; the launcher extends only PCR 13");
        continue;
      }
      for (Map.Entry<TpmHash, byte[]> e : r.digests().entrySet()) {
        if (!Arrays.equals(e.getKey().hash(r.content()), e.getValue())) {
          problems.add(
              where + ": the " + e.getKey().label() + " digest is not the hash of its content");
        }
      }
      for (Map.Entry<TpmHash, byte[]> e : replay.entrySet()) {
        byte[] d = r.digests().get(e.getKey());
        if (d == null) {
          problems.add(where + ": no " + e.getKey().label() + " digest to replay the quoted bank");
          continue;
        }
        var md = e.getKey().newDigest();
        md.update(e.getValue());
        md.update(d);
        e.setValue(md.digest());
      }
      if (r.contentType() != CelRecord.COS_CONTENT) {
        problems.add(where + ": content type " + r.contentType() + " is not a COS event");
        continue;
      }
      if (separated) {
        problems.add(where + ": an event after the launch separator");
        continue;
      }
      try {
        Map.Entry<Integer, byte[]> ev = CelParser.cosEvent(r.value(), where + ".content");
        String text = utf8(ev.getValue(), where);
        switch (ev.getKey()) {
          case IMAGE_REF -> ref = single(ref, text, "image reference", where, problems);
          case IMAGE_DIGEST -> digest = single(digest, text, "image digest", where, problems);
          case IMAGE_ID -> id = single(id, text, "image id", where, problems);
          case RESTART_POLICY -> {
            if (!RESTART_POLICIES.contains(text)) {
              problems.add(
                  where + ": restart policy '" + text + "' is not one of " + RESTART_POLICIES);
            }
            restart = text;
          }
          case ARG -> args.add(text);
          case OVERRIDE_ARG -> overriddenArgs.add(text);
          case ENV_VAR -> envVar(env, text, where, problems);
          case OVERRIDE_ENV -> envVar(overriddenEnv, text, where, problems);
          case LAUNCH_SEPARATOR -> separated = true;
          case MEMORY_MONITOR -> {
            // measured launcher configuration with no field in the model; known, so accepted
          }
          default -> problems.add(where + ": unknown COS event type " + ev.getKey());
        }
      } catch (ParseException e) {
        problems.add(e.getMessage());
      }
    }
    for (Map.Entry<TpmHash, byte[]> e : replay.entrySet()) {
      byte[] q = quoted.get(e.getKey());
      if (!Arrays.equals(e.getValue(), q)) {
        problems.add(
            e.getKey().label()
                + ":pcr13: the canonical event log replays to "
                + Hex.abbreviate(Hex.of(e.getValue()))
                + ", the quote has "
                + Hex.abbreviate(Hex.of(q)));
      }
    }
    CosLaunch launch =
        new CosLaunch(
            ref, digest, id, restart, args, env, overriddenArgs, overriddenEnv, separated);
    return new Result(launch, problems);
  }

  private static String single(
      String previous, String value, String what, String where, List<String> problems) {
    if (!previous.isEmpty()) {
      problems.add(where + ": a second " + what);
    }
    return value;
  }

  private static void envVar(
      Map<String, String> into, String text, String where, List<String> problems) {
    int eq = text.indexOf('=');
    if (eq <= 0 || !validName(text.substring(0, eq))) {
      problems.add(where + ": environment variable without a valid NAME= prefix");
      return;
    }
    into.put(text.substring(0, eq), text.substring(eq + 1));
  }

  /** [A-Za-z_][A-Za-z0-9_]*, checked by a linear scan (no regular expression on evidence). */
  static boolean validName(String n) {
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean ok =
          c == '_'
              || (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return !n.isEmpty();
  }

  private static String utf8(byte[] b, String where) throws ParseException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ParseException(where, 0, "content is not UTF-8");
    }
  }
}
