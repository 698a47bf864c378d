package dev.teepol.cli.policytest;

import dev.teepol.cli.InputException;
import dev.teepol.cli.PolicyRefs;
import dev.teepol.cli.RawEvidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.policy.test.CaseEvidence;
import dev.teepol.policy.test.SuiteException;
import dev.teepol.policy.test.SuiteReader;
import dev.teepol.policy.test.TestCase;
import dev.teepol.policy.test.TestSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a {@code *.tests.yaml} suite: raw evidence through the providers exactly as
 * {@code teepol verify} would (with the case's clock, never the wall clock), normalized evidence
 * straight into the policy, then compares each verdict with the case's expectations.
 */
public final class SuiteRunner {
  private final Providers providers;
  private final Limits limits;

  public SuiteRunner(Providers providers, Limits limits) {
    this.providers = providers;
    this.limits = limits;
  }

  public SuiteResult run(Path file) {
    String name = file.toString();
    TestSuite suite;
    try {
      suite = SuiteReader.read(file);
    } catch (IOException e) {
      return SuiteResult.broken(name, name + ": cannot read: " + e.getMessage());
    } catch (SuiteException e) {
      return SuiteResult.broken(name, e.format());
    }
    CompiledPolicy policy;
    try {
      String text = PolicyRefs.source(suite.policyRef());
      policy = PolicyCompiler.compile(text, suite.policyRef());
    } catch (InputException e) {
      return SuiteResult.broken(name, name + ": policy " + e.where() + ": " + e.getMessage());
    } catch (PolicyCompileException e) {
      return SuiteResult.broken(name, e.format() + "\n" + name + ": policy " + suite.policyRef() + " does not compile");
    }
    List<Diagnostic> unknown = suite.unknownOutputs(policy);
    if (!unknown.isEmpty()) {
      return SuiteResult.broken(name, unknown.stream().map(d -> d.format(suite.source())).collect(Collectors.joining("\n")));
    }
    List<CaseResult> results = new ArrayList<>();
    for (TestCase c : suite.cases()) {
      results.add(run(c, policy));
    }
    return new SuiteResult(name, java.util.Optional.empty(), results);
  }

  private CaseResult run(TestCase c, CompiledPolicy policy) {
    try {
      Verdict v = PolicyEngine.evaluate(policy, appraisal(c), c.at());
      return new CaseResult(c.name(), c.expect().mismatches(v));
    } catch (InputException e) {
      // Evidence that cannot be decoded has no verdict to compare: the case fails, saying why.
      return new CaseResult(c.name(), List.of("cannot verify: " + e.where() + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      return new CaseResult(c.name(), List.of("internal error: " + e));
    }
  }

  private Appraisal appraisal(TestCase c) throws InputException {
    if (c.evidence() instanceof CaseEvidence.Normalized n) {
      return n.appraisal();
    }
    CaseEvidence.Raw r = (CaseEvidence.Raw) c.evidence();
    return RawEvidence.appraise(providers, new RawEvidence.Request(r.file(), r.collateral(), r.trustAnchor(),
        Clock.fixed(c.at(), ZoneOffset.UTC), r.nonce()), limits).appraisal();
  }
}
