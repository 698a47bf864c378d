package dev.teepol.verifier.near;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.crypto.Ed25519;
import dev.teepol.core.crypto.Eip191;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.near.SigningAlgo;
import dev.teepol.verifier.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a NEAR chat signature against a verified report: the signed text names this exact
 * exchange, the signature is by the stated key, and that key is one an accepted attestation bound.
 * A node is accepted exactly as far as the report's policy accepts it ({@link
 * VerificationResult#componentVerdict}): there is one decision engine. Pure: the caller reads the
 * files and verifies the report.
 */
public final class SignatureChecks {
  /** The text is {model}:{sha256(request)}:{sha256(response)} (gateway: without the model). */
  public static final String TEXT = "signature.text";

  /** The signature verifies under signing_address (EIP-191 recovery, or Ed25519). */
  public static final String VALID = "signature.valid";

  /** signing_address is in evidence.signers of a component whose appraisal was accepted. */
  public static final String KEY_BOUND = "signature.key_bound";

  private SignatureChecks() {}

  /**
   * @param model the model id the caller expects in the text; empty: the one the accepting node
   *     states
   */
  public static List<CheckResult> check(
      ChatSignature sig,
      byte[] request,
      byte[] response,
      Optional<String> model,
      VerificationResult result) {
    Appraisal report = result.appraisal();
    List<CheckResult> out = new ArrayList<>();
    Optional<SigningAlgo> algo = SigningAlgo.of(sig.signingAlgo());
    Optional<byte[]> key =
        algo.flatMap(a -> decodeHex(sig.signingAddress()).filter(k -> k.length == a.keyBytes()));
    Optional<Map.Entry<String, Appraisal>> binder =
        key.flatMap(k -> binder(result, algo.get().display(k), sig.byGateway()));

    String hashes = Hex.of(Digests.sha256(request)) + ":" + Hex.of(Digests.sha256(response));
    if (sig.byGateway()) {
      out.add(textCheck(sig.text(), hashes, "{sha256(request)}:{sha256(response)}"));
    } else {
      Optional<String> m = model.or(() -> binder.map(b -> statedModel(b.getValue())));
      out.add(
          m.isEmpty()
              ? CheckResult.unevaluable(
                  TEXT,
                  CheckCategory.BINDING,
                  "no --model given and no accepted model node states one")
              : textCheck(
                  sig.text(),
                  m.get() + ":" + hashes,
                  "{model}:{sha256(request)}:{sha256(response)}"));
    }

    if (algo.isEmpty()) {
      out.add(
          CheckResult.fail(
              VALID,
              CheckCategory.SIGNATURE,
              "unknown signing_algo '" + sig.signingAlgo() + "' (ecdsa or ed25519)"));
    } else if (key.isEmpty()) {
      out.add(
          CheckResult.fail(
              VALID,
              CheckCategory.SIGNATURE,
              "signing_address is not " + algo.get().keyBytes() + " bytes of hex"));
    } else {
      out.add(validity(sig, algo.get(), key.get()));
    }
    out.add(keyBound(sig, algo, key, result, binder));
    return out;
  }

  private static CheckResult textCheck(String text, String want, String form) {
    return CheckResult.of(
        TEXT,
        CheckCategory.BINDING,
        text.equals(want),
        "text = " + form,
        "the signed text is '" + shorten(text) + "', this exchange gives '" + shorten(want) + "'");
  }

  private static CheckResult validity(ChatSignature sig, SigningAlgo algo, byte[] key) {
    Optional<byte[]> s = decodeHex(sig.signature());
    if (s.isEmpty()) {
      return CheckResult.fail(VALID, CheckCategory.SIGNATURE, "signature is not hex");
    }
    boolean ok =
        algo == SigningAlgo.ECDSA
            ? Eip191.verify(sig.text(), s.get(), Hex.of(key))
            : Ed25519.verify(key, s.get(), sig.text().getBytes(StandardCharsets.UTF_8));
    String how =
        algo == SigningAlgo.ECDSA
            ? "EIP-191 personal_sign recovers " + algo.display(key)
            : "Ed25519 by " + Hex.abbreviate(Hex.of(key));
    return CheckResult.of(
        VALID,
        CheckCategory.SIGNATURE,
        ok,
        how,
        algo == SigningAlgo.ECDSA
            ? "the signature does not recover to " + algo.display(key)
            : "the Ed25519 signature does not verify under " + Hex.abbreviate(Hex.of(key)));
  }

  private static CheckResult keyBound(
      ChatSignature sig,
      Optional<SigningAlgo> algo,
      Optional<byte[]> key,
      VerificationResult result,
      Optional<Map.Entry<String, Appraisal>> binder) {
    if (algo.isEmpty() || key.isEmpty()) {
      return CheckResult.fail(KEY_BOUND, CheckCategory.BINDING, "no usable signing key to look up");
    }
    String display = algo.get().display(key.get());
    if (binder.isPresent()) {
      return CheckResult.pass(
          KEY_BOUND,
          CheckCategory.BINDING,
          "bound in report_data by accepted component " + binder.get().getKey());
    }
    // Say why not: bound by a node that was denied, bound by the wrong kind of node, or bound by
    // none.
    for (Map.Entry<String, Appraisal> c : nodes(result.appraisal()).entrySet()) {
      if (binds(c.getValue(), display)) {
        Verdict v = verdictOf(result, c.getKey());
        if (!v.allowed()) {
          CheckResult first =
              v.checks().stream().filter(x -> !x.passed()).findFirst().orElseThrow();
          return CheckResult.fail(
              KEY_BOUND,
              CheckCategory.BINDING,
              "bound by "
                  + c.getKey()
                  + ", but its attestation was denied: "
                  + first.id()
                  + " "
                  + first.outcome().label()
                  + " "
                  + shorten(first.explanation()));
        }
        return CheckResult.fail(
            KEY_BOUND,
            CheckCategory.BINDING,
            "bound by "
                + c.getKey()
                + ", which does not sign "
                + (sig.byGateway() ? "gateway" : "model")
                + " responses");
      }
    }
    return CheckResult.fail(
        KEY_BOUND,
        CheckCategory.BINDING,
        display + " is not a signer any attestation in the report bound");
  }

  /**
   * The accepted component that bound the key: the gateway for gateway signatures, else a model
   * node.
   */
  private static Optional<Map.Entry<String, Appraisal>> binder(
      VerificationResult result, String display, boolean gateway) {
    return nodes(result.appraisal()).entrySet().stream()
        .filter(e -> gateway == e.getKey().equals("gateway"))
        .filter(e -> binds(e.getValue(), display))
        .filter(e -> verdictOf(result, e.getKey()).allowed())
        .findFirst();
  }

  /** The policy's verdict on one node; a report without components is its own node. */
  private static Verdict verdictOf(VerificationResult result, String node) {
    return result.appraisal().components().isEmpty()
        ? result.verdict()
        : result.componentVerdict(node);
  }

  private static Map<String, Appraisal> nodes(Appraisal report) {
    return report.components().isEmpty()
        ? Map.of("report", report)
        : new java.util.TreeMap<>(report.components());
  }

  private static boolean binds(Appraisal a, String display) {
    for (Signer s : a.evidence().signers()) {
      if (s.addressOrKey().toLowerCase(Locale.ROOT).equals(display)) {
        return true;
      }
    }
    return false;
  }

  private static String statedModel(Appraisal node) {
    String subject = node.evidence().subject();
    return subject.startsWith("near/model:") ? subject.substring("near/model:".length()) : subject;
  }

  private static Optional<byte[]> decodeHex(String s) {
    String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if (t.length() > 1024 || !Hex.isHex(t)) {
      return Optional.empty();
    }
    return Optional.of(Hex.decode(t.toLowerCase(Locale.ROOT)));
  }

  private static String shorten(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }
}
