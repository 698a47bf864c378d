/**
 * Checks and decisions: {@link dev.teepol.core.verdict.CheckResult} (PASS, FAIL or UNEVALUABLE with
 * a reason), {@link dev.teepol.core.verdict.Verdict} and {@link dev.teepol.core.verdict.Decision}.
 */
package dev.teepol.core.verdict;
