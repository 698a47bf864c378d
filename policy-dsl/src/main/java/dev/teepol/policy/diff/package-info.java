/**
 * Semantic diff of two policy versions: every key has a comparison rule ({@link
 * dev.teepol.policy.diff.SectionRule}), every change is classified by {@link
 * dev.teepol.policy.diff.Effect}.
 */
package dev.teepol.policy.diff;
