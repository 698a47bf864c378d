package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.kms.store.KmsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code teepol kms ...} on an H2 store in a temporary directory. */
class KmsCliTest {
  static final String POLICY =
      "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: app, version: 1}\n"
          + "spec:\n  substrate: {tee: [tdx]}\n";
  static final String NARROWER = POLICY + "  freshness: {requireNonce: true}\n";

  @TempDir Path tmp;
  String db;

  @BeforeEach
  void db() {
    db = KmsStore.h2Url(tmp.resolve("db"));
  }

  CliRun kms(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "kms";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.real(all);
  }

  @Test
  void initPutListPolicyRotateAndAuditFromTheCommandLine() throws Exception {
    Path key = tmp.resolve("master.key");
    Path key2 = tmp.resolve("master2.key");
    Path policy = Files.writeString(tmp.resolve("app.yaml"), POLICY);
    Path narrower = Files.writeString(tmp.resolve("narrower.yaml"), NARROWER);
    Path value = Files.writeString(tmp.resolve("app.env"), "TOKEN=do-not-print-me\n");

    CliRun init = kms("init", "--db", db, "--new-master-key", key.toString());
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out()).contains("master key").contains("kms store ready");
    assertThat(kms("init", "--db", db, "--new-master-key", key.toString()).exitCode()).isEqualTo(2);

    CliRun put =
        kms(
            "put",
            "app-env",
            "--db",
            db,
            "--master-key",
            key.toString(),
            "--policy",
            policy.toString(),
            "--value-file",
            value.toString());
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.out() + put.err()).doesNotContain("do-not-print-me");

    CliRun list = kms("list", "--db", db);
    assertThat(list.out()).contains("app-env").doesNotContain("do-not-print-me");

    CliRun get = kms("get-policy", "app-env", "--db", db);
    assertThat(get.out()).isEqualTo(POLICY);

    // Classified as `teepol diff` does: a narrowing change applies, a widening one needs
    // --allow-widening.
    CliRun narrowed = kms("set-policy", "app-env", narrower.toString(), "--db", db);
    assertThat(narrowed.exitCode()).as(narrowed.out() + narrowed.err()).isZero();
    assertThat(narrowed.out()).contains("classification: narrows").contains("policy version 2");
    CliRun refused = kms("set-policy", "app-env", policy.toString(), "--db", db);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).contains("classification: widens");
    assertThat(refused.err()).contains("--allow-widening");
    CliRun applied =
        kms("set-policy", "app-env", policy.toString(), "--db", db, "--allow-widening");
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("policy version 3 applied");

    assertThat(kms("init", "--db", db, "--new-master-key", key2.toString()).exitCode()).isZero();
    CliRun rotate =
        kms(
            "rotate",
            "--db",
            db,
            "--master-key",
            key.toString(),
            "--new-master-key",
            key2.toString());
    assertThat(rotate.exitCode()).as(rotate.err()).isZero();
    assertThat(rotate.out()).startsWith("1 data key(s) re-wrapped");

    CliRun verify = kms("audit", "verify", "--db", db);
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(verify.out()).contains("intact: 4 rows");
    assertThat(kms("audit", "--db", db).out())
        .contains("put")
        .contains("set-policy")
        .contains("rotate");

    try (KmsStore s = KmsStore.open(db, "", "", 1)) {
      s.executeForTest("UPDATE kms_audit SET detail = 'nothing to see' WHERE seq = 2");
    }
    CliRun broken = kms("audit", "verify", "--db", db);
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out()).contains("row 2 was edited");
  }

  @Test
  void aPolicyThatDoesNotCompileIsNotStored() throws Exception {
    Path key = tmp.resolve("k");
    kms("init", "--db", db, "--new-master-key", key.toString());
    Path bad =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nspec: {substrat: {}}\n");
    Path value = Files.writeString(tmp.resolve("v"), "x");
    CliRun put =
        kms(
            "put",
            "s",
            "--db",
            db,
            "--master-key",
            key.toString(),
            "--policy",
            bad.toString(),
            "--value-file",
            value.toString());
    assertThat(put.exitCode()).isEqualTo(2);
    assertThat(put.err()).contains("does not compile");
    assertThat(kms("list", "--db", db).out()).doesNotContain(" s ");
  }

  @Test
  void withoutAMasterKeyPutSaysWhereToGiveIt() throws Exception {
    Path policy = Files.writeString(tmp.resolve("app.yaml"), POLICY);
    Path value = Files.writeString(tmp.resolve("v"), "x");
    CliRun put =
        kms(
            "put",
            "s",
            "--db",
            db,
            "--policy",
            policy.toString(),
            "--value-file",
            value.toString());
    assertThat(put.exitCode()).isEqualTo(2);
    assertThat(put.err()).contains("TEEPOL_KMS_MASTER_KEY");
  }
}
