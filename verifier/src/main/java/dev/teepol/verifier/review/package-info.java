/**
 * Reviewing policy changes with evidence: fixtures appraised once and judged by two versions of a
 * policy ({@link dev.teepol.verifier.review.VerdictReplay}), and policies bootstrapped or updated
 * from verified evidence ({@link dev.teepol.verifier.review.PolicyPinner}).
 */
package dev.teepol.verifier.review;
