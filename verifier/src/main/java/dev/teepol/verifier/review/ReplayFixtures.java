package dev.teepol.verifier.review;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Providers;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.test.CaseEvidence;
import dev.teepol.policy.test.SuiteException;
import dev.teepol.policy.test.SuiteReader;
import dev.teepol.policy.test.TestCase;
import dev.teepol.policy.test.TestSuite;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The evidence a policy's {@code *.tests.yaml} names, appraised for replay: normalized cases as
 * written, raw cases through the providers exactly as {@code teepol test} runs them (their
 * collateral, trust anchor and nonce, at the case's instant). The policy a raw case is verified
 * with does not matter here: only its appraisal is kept.
 */
public final class ReplayFixtures {
  private final Providers providers;
  private final Limits limits;
  private final CompiledPolicy placeholder = Policies.strict();

  public ReplayFixtures(Providers providers, Limits limits) {
    this.providers = providers;
    this.limits = limits;
  }

  /**
   * The fixtures of a suite.
   *
   * @param file where the suite's relative evidence paths resolve (the suite in the working tree)
   * @param text the suite's text (possibly from another revision)
   * @param skipped receives a line for each case (or the whole suite) that cannot be replayed
   */
  public List<ReplayFixture> fromSuite(Path file, String text, List<String> skipped) {
    TestSuite suite;
    try {
      suite = SuiteReader.parse(text, file);
    } catch (SuiteException e) {
      skipped.add(file + ": suite cannot be read: " + e.getMessage());
      return List.of();
    }
    List<ReplayFixture> out = new ArrayList<>();
    String prefix = file.getFileName() + " › ";
    for (TestCase c : suite.cases()) {
      if (c.evidence() instanceof CaseEvidence.Normalized n) {
        out.add(new ReplayFixture(prefix + c.name(), n.appraisal(), c.at()));
        continue;
      }
      CaseEvidence.Raw r = (CaseEvidence.Raw) c.evidence();
      try {
        VerificationResult v = verify(r, c);
        if (v.inputProblem().isPresent()) {
          skipped.add(prefix + c.name() + ": " + v.inputProblem().get());
        } else {
          out.add(new ReplayFixture(prefix + c.name(), v.appraisal(), c.at()));
        }
      } catch (IOException | TeepolConfigurationException | IllegalArgumentException e) {
        skipped.add(prefix + c.name() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private VerificationResult verify(CaseEvidence.Raw r, TestCase c) throws IOException {
    return SuiteRunner.verifyCase(
        providers, limits, r, c, placeholder, Policies.BUILTIN_PREFIX + "strict");
  }
}
