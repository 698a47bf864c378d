package dev.teepol.policy;

import static dev.teepol.policy.PolicyCompilerTest.compile;
import static dev.teepol.policy.PolicyCompilerTest.errors;
import static dev.teepol.policy.PolicyCompilerTest.eval;
import static dev.teepol.policy.PolicyCompilerTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tpm;
import dev.teepol.core.evidence.TpmQuote;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Policies;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code substrate.allowWeakDigests}: every policy refuses a TPM quote that relies on SHA-1 (its
 * PCR bank or its signature hash) unless it allows SHA-1 by name.
 */
class WeakDigestsPolicyTest {
  static Appraisal tpm(String bank, String hash) {
    Tpm t =
        new Tpm(
            Tpm.NONE.ak(),
            new TpmQuote(bank, List.of(bank), "rsassa", hash, "", 0, 0, 0, true, ""),
            Tpm.NONE.boot(),
            Tpm.NONE.gce(),
            Tpm.NONE.cos(),
            List.of());
    Evidence e =
        Evidence.builder("tpm", "node")
            .platform(
                new Platform("tpm", "tpm", false, Platform.NONE.tcb(), Platform.NONE.collateral()))
            .tpm(t)
            .build();
    return new Appraisal(
        e,
        List.of(
            CheckResult.pass(
                "tpm.quote.signature", dev.teepol.core.verdict.CheckCategory.SIGNATURE, "")));
  }

  @Test
  void everyPolicyRefusesASha1BankOrASha1SignatureAndBuiltinStrictAllowsSha256() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tpm]}\n");
    assertThat(outcome(eval(p, tpm("sha1", "sha256")), "policy.platform.weak_digests"))
        .isInstanceOf(Outcome.Fail.class);
    Outcome sig = outcome(eval(p, tpm("sha256", "sha1")), "policy.platform.weak_digests");
    assertThat(sig.reason()).contains("signature hash sha1").contains("allowWeakDigests: [SHA1]");
    assertThat(outcome(eval(p, tpm("sha256", "sha256")), "policy.platform.weak_digests").passed())
        .isTrue();
    CompiledPolicy strict = Policies.strict();
    assertThat(eval(strict, tpm("sha256", "sha256")).checks()).allMatch(CheckResult::passed);
    assertThat(
            eval(strict, tpm("sha1", "sha1")).checks().stream()
                .filter(c -> !c.passed())
                .map(CheckResult::id))
        .containsExactly("policy.platform.weak_digests");
  }

  @Test
  void allowingSha1ByNameDropsTheCheckAndLintSaysSo() throws Exception {
    CompiledPolicy p = compile("  substrate: {tee: [tpm], allowWeakDigests: [SHA1]}\n");
    assertThat(eval(p, tpm("sha1", "sha1")).checks())
        .noneMatch(c -> c.id().equals("policy.platform.weak_digests"));
    assertThat(p.warnings().stream().map(Diagnostic::message))
        .anyMatch(m -> m.contains("allowWeakDigests: [SHA1]"));
  }

  @Test
  void anUnknownOrEmptyAllowanceIsAnErrorAtItsLine() {
    assertThat(errors("  substrate: {allowWeakDigests: [SHA256]}\n").format())
        .contains("'SHA256' is not a digest algorithm");
    assertThat(errors("  substrate: {allowWeakDigests: []}\n").format())
        .contains("substrate.allowWeakDigests is empty");
    assertThat(errors("  substrate: {allowWeakDigest: [SHA1]}\n").format())
        .contains("allowWeakDigests");
  }
}
