package dev.teepol.verifier.suite;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Diagnostic;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.policy.test.CaseEvidence;
import dev.teepol.policy.test.SuiteException;
import dev.teepol.policy.test.SuiteReader;
import dev.teepol.policy.test.TestCase;
import dev.teepol.policy.test.TestSuite;
import dev.teepol.providers.mock.MockKeys;
import dev.teepol.verifier.TeepolConfigurationException;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs {@code *.tests.yaml} policy suites (docs/policy-tests.md): raw evidence through {@link
 * TeepolVerifier} exactly as {@code teepol verify} would (at the case's instant, never the wall
 * clock), normalized evidence straight into the policy; then each verdict is compared with the
 * case's expectations. What {@code teepol test} runs, usable from a Java test:
 *
 * <pre>{@code
 * SuiteResult r = new SuiteRunner().run(Path.of("policies/near.tests.yaml"));
 * assertTrue(r.ok(), r.report());
 * }</pre>
 *
 * <p>A runner keeps one set of providers (and their caches) and the policies it compiled; it is not
 * meant to be shared between threads.
 */
public final class SuiteRunner {
  private final Providers providers;
  private final Limits limits;
  private final LruCache<String, CompiledPolicy> policies = new LruCache<>(32);

  /** With a fresh set of the providers on the class path and the default limits. */
  public SuiteRunner() {
    this(Providers.load(), Limits.DEFAULT);
  }

  public SuiteRunner(Providers providers, Limits limits) {
    this.providers = providers;
    this.limits = limits;
  }

  /**
   * Runs one suite file. Never throws: an unusable suite is a {@link SuiteResult#broken()} result.
   */
  public SuiteResult run(Path file) {
    return run(file, name -> true);
  }

  /**
   * Runs the cases of one suite file whose names {@code cases} accepts (the others are not run and
   * not reported). Never throws: an unusable suite is a {@link SuiteResult#broken()} result.
   */
  public SuiteResult run(Path file, Predicate<String> cases) {
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
      policy = policies.get(suite.policyRef());
      if (policy == null) {
        policy = PolicyCompiler.compile(Policies.source(suite.policyRef()), suite.policyRef());
        policies.put(suite.policyRef(), policy);
      }
    } catch (NoSuchFileException e) {
      return SuiteResult.broken(
          name, name + ": policy " + suite.policyRef() + ": no such policy file");
    } catch (IOException e) {
      return SuiteResult.broken(
          name, name + ": policy " + suite.policyRef() + ": cannot read policy: " + e.getMessage());
    } catch (PolicyCompileException e) {
      return SuiteResult.broken(
          name, e.format() + "\n" + name + ": policy " + suite.policyRef() + " does not compile");
    }
    List<Diagnostic> unknown = suite.unknownOutputs(policy);
    if (!unknown.isEmpty()) {
      return SuiteResult.broken(
          name,
          unknown.stream().map(d -> d.format(suite.source())).collect(Collectors.joining("\n")));
    }
    List<CaseResult> results = new ArrayList<>();
    for (TestCase c : suite.cases()) {
      if (cases.test(c.name())) {
        results.add(run(c, policy, suite.policyRef()));
      }
    }
    return new SuiteResult(name, Optional.empty(), results);
  }

  private CaseResult run(TestCase c, CompiledPolicy policy, String ref) {
    try {
      Verdict v;
      if (c.evidence() instanceof CaseEvidence.Normalized n) {
        v = PolicyEngine.evaluate(policy, n.appraisal(), c.at());
      } else {
        VerificationResult r = verifyRaw((CaseEvidence.Raw) c.evidence(), c, policy, ref);
        if (r.inputProblem().isPresent()) {
          // Evidence that cannot be decoded has no verdict to compare: the case fails, saying why.
          return new CaseResult(
              c.name(), List.of("cannot verify: " + r.input() + ": " + r.inputProblem().get()));
        }
        v = r.verdict();
      }
      return new CaseResult(
          c.name(),
          c.expect().mismatches(v),
          Optional.of(v.decision()),
          v.checks().stream().filter(x -> !x.passed()).toList());
    } catch (TeepolConfigurationException e) {
      return new CaseResult(c.name(), List.of("cannot verify: " + e.getMessage()));
    } catch (IOException e) {
      return new CaseResult(
          c.name(),
          List.of(
              "cannot verify: "
                  + ((CaseEvidence.Raw) c.evidence()).file()
                  + ": "
                  + e.getMessage()));
    } catch (RuntimeException e) {
      return new CaseResult(c.name(), List.of("internal error: " + e));
    }
  }

  private VerificationResult verifyRaw(
      CaseEvidence.Raw r, TestCase c, CompiledPolicy policy, String ref) throws IOException {
    return verifyCase(providers, limits, r, c, policy, ref);
  }

  /**
   * Verifies a case's raw evidence the way the suite runs it (its collateral, anchors, nonce,
   * audience, releases and mock key, at the case's time) with {@code policy}: also what {@code
   * teepol diff} replays fixtures with, so a case means the same evidence everywhere.
   */
  public static VerificationResult verifyCase(
      Providers providers,
      Limits limits,
      CaseEvidence.Raw r,
      TestCase c,
      CompiledPolicy policy,
      String ref)
      throws IOException {
    TeepolVerifier.Builder b =
        TeepolVerifier.builder()
            .providers(providers)
            .limits(limits)
            .policy(policy, ref)
            .clock(Clock.fixed(c.at(), ZoneOffset.UTC))
            .clockDescription("case " + c.name());
    r.collateral().ifPresent(b::collateralDirectory);
    r.trustAnchors().forEach(b::trustAnchor);
    VerifyOptions.Builder o = VerifyOptions.builder().name(r.file().toString());
    if (r.nonce().isPresent()) {
      byte[] nonce;
      try {
        nonce = Hex.decode(r.nonce().get().strip());
      } catch (IllegalArgumentException e) {
        throw new TeepolConfigurationException("nonce", "not hex: " + e.getMessage());
      }
      if (nonce.length == 0) {
        throw new TeepolConfigurationException("nonce", "empty nonce");
      }
      o.nonce(nonce);
    }
    r.audience().ifPresent(o::audience);
    r.releases().forEach(o::release);
    if (r.mockKey().isPresent()) {
      Path key = r.mockKey().get();
      try {
        b.mockKey(MockKeys.fromText(BoundedFiles.read(key, limits.maxAnchorBytes(), "mock key")));
      } catch (LimitExceededException | IllegalArgumentException e) {
        throw new TeepolConfigurationException(key.toString(), e.getMessage());
      }
    }
    try (TeepolVerifier v = b.build()) {
      return v.verify(r.file(), o.build());
    }
  }
}
