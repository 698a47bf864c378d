package dev.teepol.cli;

import dev.teepol.policy.compile.CompiledPolicy;
import dev.teepol.policy.compile.Policies;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code teepol policy}: read the policies teepol ships, so nothing decides behind the user's back.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description =
        "Show the built-in policies (builtin:NAME), the ones used when --policy is not given.")
public final class PolicyCommand implements Callable<Integer> {
  private final CliEnvironment env;

  public PolicyCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    env.err().println("teepol: policy: missing subcommand (see 'teepol policy --help')");
    return ExitCodes.INPUT;
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the source of a policy, e.g. 'teepol policy show builtin:strict'.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:printed", "2:unknown built-in or unreadable file"})
  Integer show(@Parameters(paramLabel = "builtin:NAME|FILE") String ref) throws InputException {
    String text = PolicyRefs.source(ref);
    env.out().print(text.endsWith("\n") ? text : text + "\n");
    env.out().flush();
    return ExitCodes.ALLOW;
  }

  @Command(
      name = "list-builtins",
      mixinStandardHelpOptions = true,
      description = "List the built-in policies, one per line: reference, then description.")
  Integer listBuiltins() {
    for (String name : Policies.BUILTINS) {
      String ref = Policies.BUILTIN_PREFIX + name;
      CompiledPolicy p = loadBuiltin(ref);
      env.out().println(ref + "  " + p.policy().metadata().description());
    }
    env.out().flush();
    return ExitCodes.ALLOW;
  }

  private static CompiledPolicy loadBuiltin(String ref) {
    try {
      return Policies.load(ref);
    } catch (java.io.IOException | dev.teepol.policy.compile.PolicyCompileException e) {
      // The jar's own policies are compiled by the build's tests; failing here is a packaging bug.
      throw new IllegalStateException("built-in " + ref + " does not load: " + e.getMessage(), e);
    }
  }
}
