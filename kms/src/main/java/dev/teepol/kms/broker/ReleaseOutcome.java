package dev.teepol.kms.broker;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.verifier.PolicyInfo;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** What a release answers: the sealed secret, a refusal with its failing checks, or "too many". */
public sealed interface ReleaseOutcome {
  int status();

  JsonObject toJson();

  /** 200: the secret sealed to the recipient key the evidence binds. */
  record Granted(
      String secret,
      long secretVersion,
      PolicyInfo policy,
      long policyVersion,
      String kem,
      byte[] info,
      Hpke.Sealed sealed,
      long auditSeq)
      implements ReleaseOutcome {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public JsonObject toJson() {
      Base64.Encoder b = Base64.getEncoder();
      return Json.createObjectBuilder()
          .add("decision", "ALLOW")
          .add("secret", secret)
          .add("secret_version", secretVersion)
          .add("policy", policyJson(Optional.of(policy), policyVersion))
          .add(
              "sealed",
              Json.createObjectBuilder()
                  .add("kem", kem)
                  .add("kdf", Hpke.KDF)
                  .add("aead", Hpke.AEAD)
                  .add("info", b.encodeToString(info))
                  .add("aad", "the request's nonce")
                  .add("enc", b.encodeToString(sealed.enc()))
                  .add("ciphertext", b.encodeToString(sealed.ciphertext())))
          .add("audit_seq", auditSeq)
          .build();
    }
  }

  /** 403: the policy, the binding or the nonce refused; every failing check with its reason. */
  record Refused(
      String secret,
      Optional<PolicyInfo> policy,
      long policyVersion,
      List<CheckResult> failing,
      long auditSeq)
      implements ReleaseOutcome {
    @Override
    public int status() {
      return 403;
    }

    @Override
    public JsonObject toJson() {
      JsonArrayBuilder a = Json.createArrayBuilder();
      for (CheckResult c : failing) {
        a.add(
            Json.createObjectBuilder()
                .add("id", c.id())
                .add("outcome", c.outcome() instanceof Outcome.Unevaluable ? "UNEVALUABLE" : "FAIL")
                .add("reason", c.explanation()));
      }
      return Json.createObjectBuilder()
          .add("decision", "DENY")
          .add("secret", secret)
          .add("policy", policyJson(policy, policyVersion))
          .add("failing", a)
          .add("audit_seq", auditSeq)
          .build();
    }
  }

  /** 429: the secret's release rate limit; retry after the window moves on. */
  record Limited(String secret, Duration retryAfter, long auditSeq) implements ReleaseOutcome {
    @Override
    public int status() {
      return 429;
    }

    @Override
    public JsonObject toJson() {
      return Json.createObjectBuilder()
          .add("decision", "DENY")
          .add("secret", secret)
          .add("error", "release rate limit of this secret reached")
          .add("retry_after_seconds", Math.max(1, retryAfter.toSeconds()))
          .add("audit_seq", auditSeq)
          .build();
    }
  }

  private static JsonObjectBuilder policyJson(Optional<PolicyInfo> p, long version) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    p.ifPresent(i -> b.add("name", i.name()).add("version", i.version()).add("sha256", i.sha256()));
    return b.add("stored_version", version);
  }
}
