package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code teepol completion bash|zsh}. */
class CompletionTest {
  @Test
  void bashCompletesTheCommandsTheirOptionsAndEnumValues() {
    CliRun r = CliRun.real("completion", "bash");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("complete -F _complete_teepol", "teepol")
        .contains("verify", "inspect", "lint", "test", "corpus", "completion")
        .contains("--collateral", "--trust-anchor", "--format", "--color")
        // option values come from the enums: the same list the parser accepts
        .contains("sarif", "junit", "always");
  }

  @Test
  void zshGetsTheSameScriptWhichLoadsBashcompinitItself() {
    CliRun zsh = CliRun.real("completion", "zsh");
    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).contains("ZSH_VERSION", "bashcompinit");
    assertThat(zsh.out()).isEqualTo(CliRun.real("completion", "bash").out());
  }

  @Test
  void anotherShellIsBadUsage() {
    CliRun r = CliRun.real("completion", "fish");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(r.err()).contains("bash, zsh");
  }
}
