package com.example.attest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.verifier.suite.CaseResult;
import dev.teepol.verifier.suite.SuiteResult;
import dev.teepol.verifier.suite.SuiteRunner;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Running a policy's tests.yaml suite from JUnit: one dynamic test per case (docs/embedding.md).
 */
class PolicySuiteTest {
  @TestFactory
  Stream<DynamicTest> policySuite() {
    SuiteResult suite = new SuiteRunner().run(Path.of("policy.tests.yaml"));
    assertThat(suite.broken()).as(suite.report()).isEmpty();
    return suite.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(CaseResult c) {
    assertThat(c.passed()).as(c.message()).isTrue();
  }
}
