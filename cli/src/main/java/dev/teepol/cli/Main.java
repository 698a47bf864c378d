package dev.teepol.cli;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.spi.Providers;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Entry point. Every failure ends here as one line on stderr and an exit code; no stack trace ever
 * reaches the user.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // UTF-8 regardless of the locale, so ✓ ✗ survive a C/POSIX locale.
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code;
    try {
      PolicyWarmUp.startFor(invokedCommand(args));
      // The only wall clock in teepol: used when the user gives no --at.
      // The only place the real environment is read; tests inject their own Terminal.
      Terminal terminal =
          Terminal.detect(
              System.getenv(), System.getProperty("native.encoding", ""), System.console() != null);
      code =
          run(
              args,
              new CliEnvironment(
                  Providers.load(),
                  Clock.systemUTC(),
                  System.in,
                  out,
                  err,
                  terminal,
                  System.getenv()));
    } catch (Throwable t) {
      err.println("teepol: internal error: " + oneLine(t));
      code = ExitCodes.INPUT;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the CLI in-process; tests call this with their own environment. */
  public static int run(String[] args, CliEnvironment env) {
    try {
      return commandLine(env, args).execute(args);
    } catch (Throwable t) {
      env.err().println("teepol: internal error: " + oneLine(t));
      env.err().flush();
      return ExitCodes.INPUT;
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  /**
   * The subcommands in the order help lists them. Picocli builds a command's model by reflection
   * over its annotations when the command is added (tens of milliseconds each at start-up), so
   * {@link #commandLine(CliEnvironment, String[])} adds only the one being run when it can tell.
   */
  private static final Map<String, Function<CliEnvironment, CommandLine>> COMMANDS = commands();

  private static Map<String, Function<CliEnvironment, CommandLine>> commands() {
    Map<String, Function<CliEnvironment, CommandLine>> m = new LinkedHashMap<>();
    m.put("verify", env -> new CommandLine(new VerifyCommand(env)));
    m.put("corpus", env -> new CommandLine(new CorpusCommand(env)));
    m.put("test", env -> new CommandLine(new TestCommand(env)));
    m.put("lint", env -> new CommandLine(new LintCommand(env)));
    m.put("policy", env -> new CommandLine(new PolicyCommand(env)));
    m.put("verify-signature", env -> new CommandLine(new VerifySignatureCommand(env)));
    m.put("inspect", env -> new CommandLine(new InspectCommand(env)));
    m.put("collateral", env -> new CommandLine(new CollateralCommand(env)));
    m.put("completion", env -> new CommandLine(new CompletionCommand(env)));
    m.put(
        "mock",
        env ->
            new CommandLine(new MockCommand(env))
                .addSubcommand(new CommandLine(new MockCommand.Challenge(env)))
                .addSubcommand(new CommandLine(new MockCommand.Attest(env))));
    m.put("diff", env -> new CommandLine(new DiffCommand(env)));
    m.put("pin", env -> new CommandLine(new PinCommand(env)));
    m.put("bundle", env -> new CommandLine(new BundleCommand(env)));
    m.put("serve", env -> new CommandLine(new ServeCommand(env)));
    m.put("kms", env -> new CommandLine(new KmsCommand(env)));
    return m;
  }

  /** The full command tree: every subcommand and help. */
  static CommandLine commandLine(CliEnvironment env) {
    return commandLine(env, new String[0]);
  }

  /**
   * The command tree for {@code argv}: when the first argument that is not an option names a
   * subcommand, only that one is built (nothing else could run); otherwise (no command, help, a
   * typo that wants suggestions, completion, a root option with a value) every one is.
   */
  static CommandLine commandLine(CliEnvironment env, String[] argv) {
    CommandLine cl = new CommandLine(new TeepolCommand(env));
    String invoked = invokedCommand(argv);
    if (invoked != null) {
      cl.addSubcommand(COMMANDS.get(invoked).apply(env));
    } else {
      for (Function<CliEnvironment, CommandLine> c : COMMANDS.values()) {
        cl.addSubcommand(c.apply(env));
      }
      // `teepol help verify` prints what `teepol verify --help` prints.
      cl.addSubcommand("help", new CommandLine.HelpCommand());
    }
    cl.setOut(env.out());
    cl.setErr(env.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(t -> ExitCodes.INPUT);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
          String suggest = "";
          if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            // A typo of a command or option: name the closest ones, as git and kubectl do.
            java.util.List<String> close = new java.util.ArrayList<>(u.getSuggestions());
            if (close.isEmpty()) {
              java.util.List<String> options =
                  ex.getCommandLine().getCommandSpec().options().stream()
                      .flatMap(o -> java.util.Arrays.stream(o.names()))
                      .filter(n -> n.startsWith("--"))
                      .toList();
              for (String arg : u.getUnmatched()) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                // Bounded: the edit distance is quadratic, and an argument can be megabytes long.
                String c =
                    name.length() > 64
                        ? ""
                        : dev.teepol.policy.compile.Suggest.closest(name, options);
                if (name.startsWith("-") && !c.isEmpty() && !close.contains(c)) {
                  close.add(c);
                }
              }
            }
            if (!close.isEmpty()) {
              suggest =
                  "; did you mean "
                      + String.join(
                          " or ", close.stream().limit(3).map(x -> "'" + x + "'").toList())
                      + "?";
            }
          }
          ex.getCommandLine()
              .getErr()
              .println(
                  "teepol: "
                      + firstLine(ex.getMessage())
                      + suggest
                      + " (see '"
                      + cmd
                      + " --help')");
          ex.getCommandLine().getErr().flush();
          return ExitCodes.INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (ex instanceof InputException ie) {
            err.println(ie.line());
          } else {
            err.println("teepol: internal error: " + oneLine(ex));
          }
          err.flush();
          return ExitCodes.INPUT;
        });
    return cl;
  }

  /** The subcommand {@code args} runs, or null when all of them are needed (see above). */
  static String invokedCommand(String[] args) {
    for (String a : args) {
      if (a.startsWith("-")) {
        continue;
      }
      return COMMANDS.containsKey(a) && !a.equals("completion") ? a : null;
    }
    return null;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
