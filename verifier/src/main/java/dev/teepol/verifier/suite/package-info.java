/**
 * Policy test suites ({@code <policy>.tests.yaml}): {@link dev.teepol.verifier.suite.SuiteRunner}
 * runs them as {@code teepol test} does, so a Java project can run its policy suites from its own
 * JUnit tests (docs/embedding.md).
 */
package dev.teepol.verifier.suite;
