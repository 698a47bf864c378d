package dev.teepol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.providers.testsupport.Corpus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code teepol verify CERT.pem} on a real dstack RA-TLS chain (the NEAR model node's {@code
 * info.app_cert}, read in place and written to a temporary PEM file), pinned and mispinned by
 * {@code kms.allowedRoots}.
 */
class VerifyRatlsCertTest {
  @TempDir Path tmp;

  static String policy(String root) {
    return "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: kms-pin, version: 1}\n"
        + "spec:\n  substrate: {tee: [tdx]}\n  tcb: {allow: [UpToDate]}\n  kms:\n    allowedRoots: ['"
        + root
        + "']\n";
  }

  @Test
  void aRealAppCertificateIsAllowedOnlyWithItsKmsRootPinned() throws Exception {
    Path dir = Corpus.caseDir("near", "near-direct-qwen35-20260629");
    JsonObject info;
    try (JsonReader r =
        Json.createReader(Files.newBufferedReader(dir.resolve("model/info.json")))) {
      info = r.readObject();
    }
    String root;
    try (JsonReader r = Json.createReader(new StringReader(info.getString("key_provider_info")))) {
      root = r.readObject().getString("id");
    }
    Path pem = Files.writeString(tmp.resolve("app-cert.pem"), info.getString("app_cert"));
    Path pinned = Files.writeString(tmp.resolve("pinned.yaml"), policy(root));
    Path other =
        Files.writeString(
            tmp.resolve("other.yaml"), policy(root.substring(0, root.length() - 4) + "0000"));
    String at = Corpus.expected(dir).getString("verify_at");
    String[] common = {
      "--collateral",
      dir.resolve("collateral").toString(),
      "--trust-anchor",
      dir.resolve("intel_sgx_root_ca.der").toString(),
      "--at",
      at
    };

    CliRun ok =
        CliRun.real(
            concat(new String[] {"verify", pem.toString(), "--policy", pinned.toString()}, common));
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out())
        .contains("(dstack-ratls)")
        .contains("ratls.kms_root.attested")
        .contains("policy.kms.root");

    CliRun denied =
        CliRun.real(
            concat(new String[] {"verify", pem.toString(), "--policy", other.toString()}, common));
    assertThat(denied.exitCode()).isEqualTo(1);
    assertThat(denied.out()).contains("policy.kms.root");
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
