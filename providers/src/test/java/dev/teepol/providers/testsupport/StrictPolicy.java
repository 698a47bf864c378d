package dev.teepol.providers.testsupport;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.policy.compile.Policies;
import dev.teepol.policy.eval.PolicyEngine;
import java.time.Instant;

/**
 * Provider tests decide with the one decision engine: {@code builtin:strict} through {@link
 * PolicyEngine}, exactly as the CLI does without a policy. It judges the top-level evidence and
 * every component ({@code model0:policy.tcb.status}).
 */
public final class StrictPolicy {
  public static final String TCB_STATUS = "policy.tcb.status";
  public static final String NOT_DEBUG = "policy.platform.not_debug";
  public static final String TD_ATTRIBUTES = "policy.platform.td_attributes";
  public static final String SERVICE_TD = "policy.platform.mr_servicetd";

  private StrictPolicy() {}

  /** The verdict of {@code builtin:strict} on {@code a}, with {@code now} as the policy's clock. */
  public static Verdict evaluate(Appraisal a, Instant now) {
    return PolicyEngine.evaluate(Policies.strict(), a, now);
  }
}
