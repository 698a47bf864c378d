package dev.teepol.cli;

import dev.teepol.cli.output.Terminal;
import dev.teepol.core.spi.Providers;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
      return commandLine(env).execute(args);
    } catch (Throwable t) {
      env.err().println("teepol: internal error: " + oneLine(t));
      env.err().flush();
      return ExitCodes.INPUT;
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  static CommandLine commandLine(CliEnvironment env) {
    CommandLine cl = new CommandLine(new TeepolCommand(env));
    cl.addSubcommand(new CommandLine(new VerifyCommand(env)));
    cl.addSubcommand(new CommandLine(new CorpusCommand(env)));
    cl.addSubcommand(new CommandLine(new TestCommand(env)));
    cl.addSubcommand(new CommandLine(new LintCommand(env)));
    cl.addSubcommand(new CommandLine(new PolicyCommand(env)));
    cl.addSubcommand(new CommandLine(new VerifySignatureCommand(env)));
    cl.addSubcommand(new CommandLine(new InspectCommand(env)));
    cl.addSubcommand(new CommandLine(new CollateralCommand(env)));
    cl.addSubcommand(new CommandLine(new CompletionCommand(env)));
    cl.addSubcommand(
        new CommandLine(new MockCommand(env))
            .addSubcommand(new CommandLine(new MockCommand.Challenge(env)))
            .addSubcommand(new CommandLine(new MockCommand.Attest(env))));
    cl.addSubcommand(new CommandLine(new DiffCommand(env)));
    cl.addSubcommand(new CommandLine(new PinCommand(env)));
    cl.addSubcommand(new CommandLine(new BundleCommand(env)));
    cl.addSubcommand(new CommandLine(new ServeCommand(env)));
    cl.addSubcommand(new CommandLine(new KmsCommand(env)));
    // `teepol help verify` prints what `teepol verify --help` prints.
    cl.addSubcommand("help", new CommandLine.HelpCommand());
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
