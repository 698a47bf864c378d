/**
 * Policy compilation: YAML to typed sections to positioned CEL checks, type-checked against the
 * evidence schema; lint; built-in policies.
 */
package dev.teepol.policy.compile;
