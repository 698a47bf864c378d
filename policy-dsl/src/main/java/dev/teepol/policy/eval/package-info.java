/** Evaluation: {@link dev.teepol.policy.eval.PolicyEngine}, the one decision engine. */
package dev.teepol.policy.eval;
