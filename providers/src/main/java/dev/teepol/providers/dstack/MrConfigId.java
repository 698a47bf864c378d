package dev.teepol.providers.dstack;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * dstack's MRCONFIGID encodings ({@code dstack-types mr_config.rs}), checked against the identity
 * the event log and app_compose give: v1 = {@code 01 ‖ compose_hash ‖ 0…}; v2 = {@code 02 ‖
 * keccak256(compose_hash ‖ app_id ‖ kind byte ‖ key_provider_id) ‖ 0…}; v3 = {@code 03 ‖
 * sha256("dstack-mr-config-v3:" ‖ 00 ‖ document) ‖ 0…}, the document's own fields then compared
 * with the identity.
 */
final class MrConfigId {
  private static final byte[] V3_DOMAIN =
      "dstack-mr-config-v3:".getBytes(StandardCharsets.US_ASCII);

  /**
   * How a config id compares with the attested identity: the outcome of {@link
   * DstackChecks#MR_CONFIG_ID} for its encoding version, and whether a passing comparison covered
   * the compose hash (so that it counts as bound by mr_config).
   */
  record Match(int version, Outcome outcome, String detail, boolean bindsComposeHash) {}

  /** The identity values the config id is compared with; empty when the log did not give one. */
  record Identity(
      Optional<byte[]> composeHash,
      Optional<byte[]> appId,
      Optional<byte[]> instanceId,
      Optional<KeyProvider> keyProvider) {}

  private MrConfigId() {}

  static boolean isZero(byte[] id) {
    for (byte b : id) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static Match verify(byte[] id, Identity who, Optional<String> v3Document, Limits limits) {
    int version = id[0] & 0xff;
    return switch (version) {
      case 1 ->
          who.composeHash()
              .map(ch -> compare(1, id, v1(ch), true))
              .orElse(
                  unevaluable(
                      1,
                      "no compose hash to compare with (no compose-hash event and no app_compose)"));
      case 2 -> v2(id, who);
      case 3 ->
          v3Document
              .map(doc -> v3(id, doc, who, limits))
              .orElse(
                  unevaluable(
                      3,
                      "MR_CONFIG v3 needs its document (field mr_config), which the evidence does not carry"));
      default ->
          new Match(version, Outcome.fail("unknown mr_config_id version " + version), "", false);
    };
  }

  static byte[] v1(byte[] composeHash) {
    byte[] out = new byte[48];
    out[0] = 1;
    System.arraycopy(composeHash, 0, out, 1, Math.min(32, composeHash.length));
    return out;
  }

  static byte[] v2(byte[] composeHash, byte[] appId, int kind, byte[] keyProviderId) {
    KeccakDigest k = new KeccakDigest(256);
    k.update(composeHash, 0, composeHash.length);
    k.update(appId, 0, appId.length);
    k.update((byte) kind);
    k.update(keyProviderId, 0, keyProviderId.length);
    byte[] out = new byte[48];
    out[0] = 2;
    k.doFinal(out, 1);
    return out;
  }

  static byte[] v3(String document) {
    MessageDigest md = Digests.sha256();
    md.update(V3_DOMAIN);
    md.update((byte) 0);
    md.update(document.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[48];
    out[0] = 3;
    System.arraycopy(md.digest(), 0, out, 1, 32);
    return out;
  }

  private static Match v2(byte[] id, Identity who) {
    if (who.composeHash().isEmpty() || who.appId().isEmpty() || who.keyProvider().isEmpty()) {
      return unevaluable(
          2, "MR_CONFIG v2 needs compose hash, app id and key provider from the event log");
    }
    KeyProvider kp = who.keyProvider().get();
    try {
      return compare(
          2, id, v2(who.composeHash().get(), who.appId().get(), kp.kindByte(), kp.id()), true);
    } catch (ParseException e) {
      return new Match(2, Outcome.fail(e.getMessage()), "", false);
    }
  }

  private static Match v3(byte[] id, String document, Identity who, Limits limits) {
    Match hash = compare(3, id, v3(document), false);
    if (!hash.outcome().passed()) {
      return hash;
    }
    try {
      JsonObject doc =
          JsonFields.object(BoundedJson.parse(document, "mr_config", limits), "mr_config");
      List<String> wrong = new ArrayList<>();
      boolean composeBound = field(doc, "compose_hash", who.composeHash(), wrong);
      field(doc, "app_id", who.appId(), wrong);
      field(doc, "instance_id", who.instanceId(), wrong);
      if (who.keyProvider().isPresent() && doc.containsKey("key_provider_id")) {
        field(doc, "key_provider_id", Optional.of(who.keyProvider().get().id()), wrong);
      }
      if (!wrong.isEmpty()) {
        return new Match(
            3,
            Outcome.fail("MR_CONFIG v3 document disagrees with the event log on " + wrong),
            "",
            false);
      }
      return new Match(3, Outcome.PASS, "v3 document hash and fields match", composeBound);
    } catch (ParseException e) {
      return new Match(3, Outcome.fail(e.getMessage()), "", false);
    }
  }

  /** True when the document names the field and it equals the expected value. */
  private static boolean field(
      JsonObject doc, String key, Optional<byte[]> expected, List<String> wrong)
      throws ParseException {
    Optional<String> got = JsonFields.optString(doc, key, "mr_config");
    if (got.isEmpty() || expected.isEmpty()) {
      return false;
    }
    boolean same =
        Arrays.equals(JsonFields.hex(got.get(), "mr_config." + key, 1024), expected.get());
    if (!same) {
      wrong.add(key);
    }
    return same;
  }

  private static Match compare(int version, byte[] id, byte[] expected, boolean bindsCompose) {
    if (MessageDigest.isEqual(id, expected)) {
      return new Match(
          version,
          Outcome.PASS,
          "mr_config_id v" + version + " = " + Hex.abbreviate(Hex.of(id)),
          bindsCompose);
    }
    return new Match(
        version,
        Outcome.fail(
            "mr_config_id "
                + Hex.abbreviate(Hex.of(id))
                + " is not the v"
                + version
                + " encoding of the attested identity "
                + Hex.abbreviate(Hex.of(expected))),
        "",
        false);
  }

  private static Match unevaluable(int version, String reason) {
    return new Match(version, Outcome.unevaluable(reason), "", false);
  }
}
