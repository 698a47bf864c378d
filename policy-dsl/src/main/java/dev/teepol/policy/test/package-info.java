/** The {@code tests.yaml} suite format: cases, raw or normalized evidence, expectations. */
package dev.teepol.policy.test;
