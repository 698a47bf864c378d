package dev.teepol.policy.compile;

import java.util.Optional;

/**
 * A check as the compiler generates it from a policy, before it is compiled to a program: its id
 * and the CEL that decides it. {@code teepol diff} compares these between two versions so that a
 * change no section rule classified can never pass as "equal".
 *
 * @param precondition when the check can be judged (UNEVALUABLE otherwise, which denies too)
 * @param condition when it passes
 */
public record GeneratedCheck(String id, Optional<String> precondition, String condition) {}
