package dev.teepol.policy.compile;

import dev.cel.runtime.Program;
import dev.teepol.policy.yaml.SourcePos;

/** A named value a policy carries into its verdict. */
public record CompiledOutput(String name, SourcePos pos, Program program) {}
