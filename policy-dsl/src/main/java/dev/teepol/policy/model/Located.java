package dev.teepol.policy.model;

import dev.teepol.policy.yaml.SourcePos;

/** A value with the position it was written at. */
public record Located<T>(T value, SourcePos pos) {}
