package dev.teepol.cli;

import dev.teepol.cli.output.OutputOptions;
import dev.teepol.cli.output.Style;
import picocli.CommandLine.Model.CommandSpec;

/** The text style of the command being run, from the options on the root command. */
final class Output {
  private Output() {}

  static Style style(CommandSpec spec, CliEnvironment env) throws InputException {
    OutputOptions o = ((TeepolCommand) spec.root().userObject()).output();
    if (o.quietAndVerbose()) {
      throw new InputException("--quiet", "cannot be combined with --verbose");
    }
    return o.style(env.terminal());
  }
}
