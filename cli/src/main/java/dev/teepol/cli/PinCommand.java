package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.review.Observed;
import dev.teepol.verifier.review.PinException;
import dev.teepol.verifier.review.PolicyPinner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code teepol pin}: bootstrap or update a policy from what verified evidence proves. */
@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write what verified evidence proves into a policy: a measurement bundle of its identity registers,"
          + " its workload identities, KMS root and signers. Values the evidence only states (self_reported) are"
          + " never written. Each value gets a comment naming the evidence file, its SHA-256 and the time it was"
          + " verified at.",
      "%nWithout --into, prints a new policy. With --into, adds to that policy in place (a new bundle, new list"
          + " items; comments and key order kept), so 'teepol diff' of the result shows one widening per new fact."
          + " Evidence whose checks fail (debug, bad signature, a TCB the policy does not allow) is refused"
          + " unless --accept-failing gives the reason, which the comment records.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:pinned (or nothing new to pin)",
      "1:refused: a check of the evidence did not pass",
      "2:bad usage, unreadable evidence, a policy that does not compile or cannot be extended in place"
    })
public final class PinCommand implements Callable<Integer> {
  private final CliEnvironment env;

  @Parameters(
      paramLabel = "EVIDENCE",
      arity = "1..*",
      description = "Evidence files, as teepol verify takes them.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--into",
      paramLabel = "POLICY",
      description = "Add to this policy file in place instead of printing a new one.")
  Path into;

  @Option(
      names = "--accept-failing",
      paramLabel = "REASON",
      description =
          "Pin evidence even though some of its checks fail; the reason is written into the comment.")
  String acceptFailing;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "pinned",
      description = "metadata.name of a new policy (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--policy",
      paramLabel = "FILE|builtin:NAME",
      description =
          "The policy the evidence is judged with before pinning (default: the --into policy, else builtin:strict); its pins are not held against the evidence.")
  String policy;

  @Option(names = "--collateral", paramLabel = "DIR", description = "As for verify.")
  Path collateral;

  @Option(names = "--pcs", description = "As for verify.")
  boolean pcs;

  @Option(names = "--pcs-url", paramLabel = "URL", description = "As for verify.")
  java.net.URI pcsUrl;

  @Option(names = "--nras", paramLabel = "DIR", description = "As for verify.")
  Path nras;

  @Option(names = "--nras-live", description = "As for verify.")
  boolean nrasLive;

  @Option(names = "--trust-anchor", paramLabel = "FILE", description = "As for verify; repeatable.")
  List<Path> trustAnchors = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "As for verify; the comments record this instant.")
  String at;

  @Option(names = "--nonce", paramLabel = "HEX", description = "As for verify.")
  String nonce;

  @picocli.CommandLine.Mixin PinVerifyOptions more = new PinVerifyOptions();

  public PinCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() throws InputException {
    String judge = policy != null ? policy : into != null ? into.toString() : PolicyRefs.DEFAULT;
    TeepolVerifier.Builder b = VerifierSetup.builder(env, at).policy(judge);
    if (collateral != null) {
      b.collateralDirectory(collateral);
    }
    if (pcsUrl != null) {
      b.pcs(pcsUrl);
    } else if (pcs) {
      b.pcs();
    }
    if (nras != null) {
      b.nrasDirectory(nras);
    }
    if (nrasLive) {
      b.nrasLive();
    }
    trustAnchors.forEach(b::trustAnchor);
    VerifyOptions.Builder options = VerifyOptions.builder();
    VerifierSetup.nonce(nonce, more.nonceText).ifPresent(options::nonce);
    more.apply(b, options);
    List<Observed> observed = new ArrayList<>();
    try (TeepolVerifier v = VerifierSetup.build(b, env)) {
      for (Path f : files) {
        byte[] bytes;
        try {
          bytes = BoundedFiles.read(f, Limits.DEFAULT.maxEvidenceBytes(), f.toString());
        } catch (LimitExceededException | IOException e) {
          throw new InputException(f.toString(), e.getMessage());
        }
        VerificationResult r = VerifierSetup.verify(v, f, options.build(), env, Limits.DEFAULT);
        observed.add(Observed.of(f.toString(), Hex.of(Digests.sha256(bytes)), r));
      }
    }
    Optional<String> reason = Optional.ofNullable(acceptFailing);
    try {
      PolicyPinner.refuseFailing(observed, reason);
    } catch (PinException e) {
      env.err().println("teepol: " + e.getMessage());
      env.err().flush();
      return ExitCodes.DENY;
    }
    for (Observed o : observed) {
      o.unproven()
          .forEach(
              u -> env.err().println("teepol: " + o.file() + ": not pinned, not proven: " + u));
    }
    if (into == null) {
      env.out().print(PolicyPinner.bootstrap(name, observed, reason));
      env.out().flush();
      return ExitCodes.ALLOW;
    }
    String text;
    try {
      text = BoundedFiles.readUtf8(into, Limits.DEFAULT.maxPolicyBytes(), "policy");
    } catch (LimitExceededException | IOException e) {
      throw new InputException(into.toString(), e.getMessage());
    }
    PolicyPinner.Update u;
    try {
      u = PolicyPinner.into(text, into.toString(), observed, reason);
    } catch (PinException e) {
      throw new InputException(into.toString(), e.getMessage());
    }
    if (!u.text().equals(text)) {
      try {
        Path tmp = Files.createTempFile(into.toAbsolutePath().getParent(), ".teepol-pin", ".yaml");
        Files.writeString(tmp, u.text(), StandardCharsets.UTF_8);
        Files.move(tmp, into, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new InputException(into.toString(), "cannot write: " + e.getMessage());
      }
    }
    u.added().forEach(a -> env.out().println("added " + a));
    u.notes().forEach(n -> env.out().println("unchanged: " + n));
    env.out()
        .println(
            u.added().isEmpty()
                ? into + ": nothing new to pin"
                : into + ": " + u.added().size() + " value(s) pinned; review with 'teepol diff'");
    env.out().flush();
    return ExitCodes.ALLOW;
  }
}
