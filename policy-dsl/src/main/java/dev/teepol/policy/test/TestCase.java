package dev.teepol.policy.test;

import dev.teepol.policy.yaml.SourcePos;
import java.time.Instant;

/**
 * One case of a suite: evidence, the instant it is judged at (never the wall clock) and what the
 * policy must conclude.
 */
public record TestCase(
    String name, SourcePos pos, CaseEvidence evidence, Instant at, Expectation expect) {}
