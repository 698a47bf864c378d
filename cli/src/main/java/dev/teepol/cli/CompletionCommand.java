package dev.teepol.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code teepol completion bash|zsh}: the completion script picocli generates from the commands
 * themselves, so it can never disagree with them.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for teepol's commands, options and option values.",
      "%nbash: source <(teepol completion bash)   (or save it under /etc/bash_completion.d/teepol)",
      "zsh:  source <(teepol completion zsh)    (in ~/.zshrc; the script loads bashcompinit itself)%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "2:bad usage (a shell other than bash or zsh)"})
public final class CompletionCommand implements Callable<Integer> {
  /** The shells the script serves: zsh runs the bash script through bashcompinit. */
  public enum Shell {
    bash,
    zsh
  }

  private final CliEnvironment env;

  @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  @Spec CommandSpec spec;

  public CompletionCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    // One script for both: picocli's enables bashcompinit when it runs under zsh.
    env.out().print(AutoComplete.bash("teepol", spec.root().commandLine()));
    env.out().flush();
    return ExitCodes.ALLOW;
  }
}
