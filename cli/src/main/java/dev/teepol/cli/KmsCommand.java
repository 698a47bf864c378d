package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.kms.KmsSettings;
import dev.teepol.kms.broker.KeyBroker;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.crypto.MasterKey;
import dev.teepol.kms.store.AuditChain;
import dev.teepol.kms.store.AuditEntry;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.kms.store.StoredSecret;
import dev.teepol.policy.compile.PolicyCompileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code teepol kms}: administer the key broker's store (docs/kms.md). The broker itself runs in
 * {@code teepol serve --kms-db ...}; these commands work on the same database, beside live replicas
 * on PostgreSQL (an H2 file is open by one process at a time).
 */
@Command(
    name = "kms",
    mixinStandardHelpOptions = true,
    description = {
      "Administer the key broker: secrets envelope-encrypted under a master key, each guarded by a"
          + " teepol policy; a hash-chained audit of every release attempt and admin change.",
      "%nThe database is --db URL, else TEEPOL_KMS_DB, else an H2 file under ./teepol-kms. The master"
          + " key is --master-key FILE, else TEEPOL_KMS_MASTER_KEY (base64 or hex of 32 bytes).%n"
    },
    subcommands = {
      KmsCommand.Init.class,
      KmsCommand.Put.class,
      KmsCommand.GetPolicy.class,
      KmsCommand.SetPolicy.class,
      KmsCommand.Rotate.class,
      KmsCommand.ListSecrets.class,
      KmsCommand.Audit.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:refused (a widening policy change without --allow-widening; a broken audit chain)",
      "2:bad usage, unreadable input, a policy that does not compile, an unreachable database"
    })
public final class KmsCommand implements Callable<Integer> {
  static final String DB_ENV = "TEEPOL_KMS_DB";

  private final CliEnvironment env;

  public KmsCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    env.err().println("teepol: kms: missing subcommand (see 'teepol kms --help')");
    return ExitCodes.INPUT;
  }

  /** The options every subcommand shares. */
  static final class Store {
    @Option(
        names = "--db",
        paramLabel = "JDBC_URL",
        description = "jdbc:h2:file:... or jdbc:postgresql://...")
    String db;

    @Option(names = "--master-key", paramLabel = "FILE", description = "The current master key.")
    Path masterKey;

    /** {@code environment}: the CLI's ({@link CliEnvironment#environment()}), never the JVM's. */
    KmsSettings settings(Map<String, String> environment) {
      String url = db != null ? db : environment.get(DB_ENV);
      if (url == null || url.isBlank()) {
        url = KmsStore.h2Url(Path.of("teepol-kms"));
      }
      KmsSettings s = KmsSettings.of(url).withEnvironment(environment);
      return masterKey == null ? s : s.withMasterKey(masterKey);
    }

    KmsStore open(Map<String, String> environment) throws InputException {
      KmsSettings s = settings(environment);
      try {
        return KmsStore.open(s.jdbcUrl(), s.user(), s.password(), 2);
      } catch (RuntimeException e) {
        throw new InputException("--db", "cannot open the kms store: " + oneLine(e));
      }
    }

    Keyring keys(Map<String, String> environment) throws InputException {
      try {
        return settings(environment).keyring(environment);
      } catch (IOException | IllegalArgumentException e) {
        throw new InputException("--master-key", e.getMessage());
      }
    }
  }

  static String oneLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  static String sha256(String text) {
    return Hex.of(Digests.sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String readPolicy(Path file) throws InputException {
    String text;
    try {
      text = BoundedFiles.readUtf8(file, Limits.DEFAULT.maxPolicyBytes(), file.toString());
    } catch (IOException | LimitExceededException e) {
      throw new InputException(file.toString(), e.getMessage());
    }
    try {
      KeyBroker.compile(text, file.getFileName().toString());
    } catch (PolicyCompileException e) {
      throw new InputException(file.toString(), "the policy does not compile:\n" + e.getMessage());
    }
    return text;
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Create (or migrate) the store; with --new-master-key FILE, also write a fresh master key there (mode 0600).")
  static final class Init implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @Option(
        names = "--new-master-key",
        paramLabel = "FILE",
        description = "Write a new random master key here (refuses to overwrite).")
    Path newKey;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InputException {
      if (newKey != null) {
        if (Files.exists(newKey)) {
          throw new InputException(
              newKey.toString(), "exists already; a master key is never overwritten");
        }
        MasterKey k = MasterKey.generate();
        try {
          Files.createFile(
              newKey,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(newKey, k.toBase64() + "\n");
        } catch (IOException | UnsupportedOperationException e) {
          throw new InputException(newKey.toString(), e.getMessage());
        }
        spec.commandLine().getOut().println("master key " + k.kid() + " written to " + newKey);
      }
      try (KmsStore s = store.open(parent.env.environment())) {
        spec.commandLine().getOut().println("kms store ready: " + s.where());
      }
      return ExitCodes.ALLOW;
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description =
          "Store a secret (replacing its value and data key) guarded by a policy. The value is read from --value-file or standard input, never from the command line.")
  static final class Put implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--policy",
        required = true,
        paramLabel = "FILE",
        description = "The policy that guards the secret.")
    Path policy;

    @Option(
        names = "--value-file",
        paramLabel = "FILE",
        description = "The secret's bytes (default: standard input).")
    Path valueFile;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      checkName(name);
      String text = readPolicy(policy);
      byte[] value;
      try {
        value =
            valueFile != null
                ? BoundedFiles.read(valueFile, MAX_SECRET_BYTES, valueFile.toString())
                : BoundedFiles.read(parent.env.in(), MAX_SECRET_BYTES, "standard input");
      } catch (IOException | LimitExceededException e) {
        throw new InputException(valueFile == null ? "-" : valueFile.toString(), e.getMessage());
      }
      if (value.length == 0) {
        throw new InputException(
            valueFile == null ? "-" : valueFile.toString(), "the secret is empty");
      }
      Keyring keys = store.keys(parent.env.environment());
      try (KmsStore s = store.open(parent.env.environment())) {
        StoredSecret row =
            s.put(
                name, text, sha256(text), value, keys.current(), parent.env.wallClock().instant());
        Arrays.fill(value, (byte) 0);
        spec.commandLine()
            .getOut()
            .println(
                name
                    + ": stored version "
                    + row.secretVersion()
                    + " under master key "
                    + row.envelope().kid()
                    + ", policy "
                    + row.policySha256());
      }
      return ExitCodes.ALLOW;
    }
  }

  /** Largest secret value (a secret is an environment file or a key, not a payload). */
  static final int MAX_SECRET_BYTES = Limits.MAX_KMS_SECRET_BYTES;

  static void checkName(String name) throws InputException {
    try {
      dev.teepol.kms.broker.SecretNames.check(name, Limits.DEFAULT);
    } catch (dev.teepol.kms.broker.ReleaseRequest.BadRequest e) {
      throw new InputException("NAME", e.getMessage());
    }
  }

  static StoredSecret existing(KmsStore s, String name) throws InputException, SQLException {
    return s.get(name)
        .orElseThrow(() -> new InputException(name, "no such secret (teepol kms list)"));
  }

  @Command(
      name = "get-policy",
      mixinStandardHelpOptions = true,
      description =
          "Print the policy that guards a secret (its hash and version on standard error).")
  static final class GetPolicy implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (KmsStore s = store.open(parent.env.environment())) {
        StoredSecret row = existing(s, name);
        spec.commandLine()
            .getErr()
            .println(
                name
                    + ": policy version "
                    + row.policyVersion()
                    + ", sha256 "
                    + row.policySha256());
        spec.commandLine()
            .getOut()
            .print(row.policy().endsWith("\n") ? row.policy() : row.policy() + "\n");
      }
      return ExitCodes.ALLOW;
    }
  }

  @Command(
      name = "set-policy",
      mixinStandardHelpOptions = true,
      description = {
        "Replace the policy that guards a secret. The change is classified first, as 'teepol diff' does, and printed; a change that may widen who gets the secret (widens, changes, cannot decide) needs --allow-widening."
      })
  static final class SetPolicy implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FILE")
    Path policy;

    @Option(names = "--allow-widening", description = "Apply a change that may widen access.")
    boolean allowWidening;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      String text = readPolicy(policy);
      String sha = sha256(text);
      try (KmsStore s = store.open(parent.env.environment())) {
        StoredSecret row = existing(s, name);
        var out = spec.commandLine().getOut();
        if (row.policySha256().equals(sha)) {
          out.println(name + ": unchanged (policy " + sha + ")");
          return ExitCodes.ALLOW;
        }
        PolicyChange change = PolicyChange.classify(row.policy(), text);
        out.println(name + ": " + row.policySha256() + " -> " + sha);
        out.println("classification: " + change.label() + " (" + change.why() + ")");
        if (change.mayWiden() && !allowWidening) {
          spec.commandLine()
              .getErr()
              .println(
                  "teepol: kms set-policy: the change may widen who gets '"
                      + name
                      + "'; review it and run again with --allow-widening");
          return ExitCodes.DENY;
        }
        long v =
            s.setPolicy(
                name,
                text,
                sha,
                "classification " + change.label(),
                parent.env.wallClock().instant());
        out.println(name + ": policy version " + v + " applied");
      }
      return ExitCodes.ALLOW;
    }
  }

  /**
   * How a policy change is classified: by {@code teepol diff}'s classifier on both versions
   * compiled (docs/reviewing-policies.md). WIDENS, CHANGES and "cannot decide" may widen who gets
   * the secret; so does a version that does not compile (fail closed: the operator confirms).
   */
  record PolicyChange(String label, String why, boolean mayWiden) {
    static PolicyChange classify(String before, String after) {
      dev.teepol.policy.diff.PolicyDiff d;
      try {
        d =
            dev.teepol.policy.diff.PolicyDiffer.diff(
                "policy",
                dev.teepol.policy.compile.PolicyCompiler.compile(before, "stored policy").policy(),
                dev.teepol.policy.compile.PolicyCompiler.compile(after, "new policy").policy());
      } catch (dev.teepol.policy.compile.PolicyCompileException e) {
        return new PolicyChange(
            "cannot decide", "a version does not compile: " + e.getMessage(), true);
      }
      dev.teepol.policy.diff.Effect effect = d.effect();
      String why =
          d.changes().isEmpty()
              ? "no change to what is accepted"
              : d.changes().stream()
                  .map(c -> c.effect().label() + ": " + c.summary())
                  .collect(java.util.stream.Collectors.joining("; "));
      return new PolicyChange(effect.label(), why, effect.mayWiden());
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "Re-wrap every data key under a new master key, one secret per transaction, while brokers keep serving. Start the replicas with both keys first (--kms-master-key NEW --kms-previous-master-key OLD), then rotate, then drop the old key.")
  static final class Rotate implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @Option(
        names = "--new-master-key",
        required = true,
        paramLabel = "FILE",
        description = "The new master key (teepol kms init --new-master-key FILE makes one).")
    Path newKey;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Keyring old = store.keys(parent.env.environment());
      MasterKey next;
      try {
        next = MasterKey.read(newKey);
      } catch (IOException | IllegalArgumentException e) {
        throw new InputException(newKey.toString(), e.getMessage());
      }
      try (KmsStore s = store.open(parent.env.environment())) {
        int n = s.rotate(old.rotatedTo(next), parent.env.wallClock().instant());
        spec.commandLine()
            .getOut()
            .println(
                n + " data key(s) re-wrapped from " + old.current().kid() + " to " + next.kid());
      } catch (GeneralSecurityException e) {
        throw new InputException("--master-key", e.getMessage());
      }
      return ExitCodes.ALLOW;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the secrets: name, versions, policy hash, master key id. Never a value.")
  static final class ListSecrets implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (KmsStore s = store.open(parent.env.environment())) {
        List<KmsStore.Listing> all = s.list();
        var out = spec.commandLine().getOut();
        out.println(
            String.format(
                "%-24s %7s %7s  %-16s  %s",
                "NAME", "VALUE", "POLICY", "MASTER KEY", "POLICY SHA-256"));
        for (KmsStore.Listing l : all) {
          out.println(
              String.format(
                  "%-24s %7d %7d  %-16s  %s",
                  l.name(), l.secretVersion(), l.policyVersion(), l.masterKid(), l.policySha256()));
        }
      }
      return ExitCodes.ALLOW;
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description =
          "Print the last audit rows, or 'verify' the hash chain (exit 1 when a row was edited, deleted or reordered).")
  static final class Audit implements Callable<Integer> {
    @Mixin Store store = new Store();

    @picocli.CommandLine.ParentCommand KmsCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "verify")
    String action;

    @Option(
        names = "--last",
        paramLabel = "N",
        description = "How many rows to print (default 20).")
    int last = 20;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      var out = spec.commandLine().getOut();
      try (KmsStore s = store.open(parent.env.environment())) {
        if (action == null) {
          for (AuditEntry e : s.auditTail(Math.max(1, Math.min(last, 10_000)))) {
            out.println(
                e.seq()
                    + "  "
                    + e.at()
                    + "  "
                    + e.action()
                    + "  "
                    + e.secret()
                    + "  "
                    + e.decision()
                    + (e.evidenceSha256().isEmpty()
                        ? ""
                        : "  evidence " + Hex.abbreviate(e.evidenceSha256()))
                    + (e.detail().isEmpty() ? "" : "  " + e.detail()));
          }
          return ExitCodes.ALLOW;
        }
        if (!action.equals("verify")) {
          throw new InputException("audit", "unknown action '" + action + "' (only 'verify')");
        }
        AuditChain.Report r = s.verifyAudit();
        if (r.intact()) {
          out.println("audit chain intact: " + r.rows() + " rows, head " + r.headHash());
          return ExitCodes.ALLOW;
        }
        out.println("audit chain BROKEN after " + r.rows() + " good rows: " + r.problem());
        return ExitCodes.DENY;
      }
    }
  }
}
