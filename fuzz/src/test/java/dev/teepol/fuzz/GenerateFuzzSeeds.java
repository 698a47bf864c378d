package dev.teepol.fuzz;

import dev.teepol.policy.compile.Policies;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.dstack.sim.SimDstack;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.sim.SimSnp;
import dev.teepol.providers.tdx.pck.PckExtensionParser;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.providers.tdx.sim.TdBodyType;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.sim.SimAk;
import dev.teepol.providers.tpm.sim.SimulatedTpm;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the seed inputs of every fuzz target ({@code seed-*} files in its Jazzer inputs directory
 * under src/test/resources), from the project's simulators and committed examples only, never the
 * shared corpus. Deterministic: a rerun changes nothing unless a simulator changed. Findings sit
 * beside the seeds as {@code crash-*}, {@code timeout-*} or {@code oom-*} files (Jazzer's names)
 * and are never removed here. Run through {@code benchmarks/fuzz.sh seeds}.
 */
public final class GenerateFuzzSeeds {
  private GenerateFuzzSeeds() {}

  public static void main(String[] args) throws Exception {
    Path resources = Path.of(args.length > 0 ? args[0] : "fuzz/src/test/resources");
    Path examples = Path.of(args.length > 1 ? args[1] : "examples");

    SimulatedDcap v4 = SimTdx.SIM;
    byte[] v5 =
        DcapSimulator.builder()
            .quoteVersion(5)
            .bodyType(TdBodyType.TD15)
            .build()
            .generate()
            .quote();
    write(
        resources,
        "dev.teepol.fuzz.tdx.QuoteFuzzTest",
        "parse",
        Map.of("v4-td10", v4.quote(), "v5-td15", v5, "v4-header-only", head(v4.quote(), 48)));
    write(
        resources,
        "dev.teepol.fuzz.tdx.TdxAppraiseFuzzTest",
        "appraise",
        Map.of("v4-td10", v4.quote()));
    write(
        resources,
        "dev.teepol.fuzz.tdx.TcbInfoFuzzTest",
        "parse",
        Map.of("sim-tdx", v4.collateralFiles().get(CollateralLayout.TCB_INFO)));
    write(
        resources,
        "dev.teepol.fuzz.tdx.QeIdentityFuzzTest",
        "parse",
        Map.of("sim-td-qe", v4.collateralFiles().get(CollateralLayout.QE_IDENTITY)));
    write(
        resources,
        "dev.teepol.fuzz.tdx.PckExtensionsFuzzTest",
        "parse",
        Map.of(
            "sim-platform", v4.pckLeaf().getExtensionValue(PckExtensionParser.SGX_EXTENSION_OID)));

    var log = SimDstack.validLog();
    SimulatedDcap dstackQuote = SimDstack.quoteFor(log).build().generate();
    write(
        resources,
        "dev.teepol.fuzz.dstack.DstackFuzzTest",
        "appraise",
        Map.of("sim-kms", SimDstack.document(dstackQuote, log, "")));

    byte[] report = bytes(examples.resolve("near-signature/report.json"));
    write(
        resources,
        "dev.teepol.fuzz.near.NearFuzzTest",
        "appraise",
        Map.of("example-gateway-model", report, "example-gateway-model-gzip", gzip(report)));

    byte[] nras = bytes(examples.resolve("near-signature/nras/nras_attest_gpu_response.json"));
    write(
        resources, "dev.teepol.fuzz.nras.NrasFuzzTest", "appraise", Map.of("example-1-gpu", nras));
    Map<String, byte[]> tokens = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")
            .matcher(new String(nras, StandardCharsets.US_ASCII));
    for (int i = 0; m.find(); i++) {
      tokens.put(i == 0 ? "example-overall" : "example-gpu-" + (i - 1), ascii(m.group()));
    }
    write(resources, "dev.teepol.providers.nras.NrasJwtFuzzTest", "verify", tokens);

    Map<String, byte[]> policies = new LinkedHashMap<>();
    Map<String, byte[]> suites = new LinkedHashMap<>();
    for (String b : Policies.BUILTINS) {
      policies.put(
          "builtin-" + b,
          Policies.source(Policies.BUILTIN_PREFIX + b).getBytes(StandardCharsets.UTF_8));
    }
    try (Stream<Path> s = Files.list(examples.resolve("policies"))) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tests.yaml")) {
          suites.put("example-" + name.replace(".tests.yaml", ""), bytes(p));
        } else if (name.endsWith(".yaml")) {
          policies.put("example-" + name.replace(".yaml", ""), bytes(p));
        }
      }
    }
    write(resources, "dev.teepol.fuzz.policy.PolicyYamlFuzzTest", "compile", policies);
    write(resources, "dev.teepol.policy.compile.PolicyReadFuzzTest", "read", policies);
    write(resources, "dev.teepol.fuzz.policy.SuiteYamlFuzzTest", "parse", suites);

    SimSnp.Output snp = SimSnpFixture.SIM;
    SimSnp.Output snpV2 = SimSnp.builder().version(2).build();
    SimSnp.Output snpGenoa = SimSnp.builder().product(Product.GENOA).version(5).build();
    write(
        resources,
        "dev.teepol.fuzz.sevsnp.SnpReportFuzzTest",
        "parse",
        Map.of(
            "sim-milan-v3", snp.report(),
            "sim-milan-v2", snpV2.report(),
            "sim-genoa-v5", snpGenoa.report()));
    write(
        resources,
        "dev.teepol.fuzz.sevsnp.SnpAppraiseFuzzTest",
        "appraise",
        Map.of("sim-milan-v3", snp.report()));

    byte[] bundle = SimSigstoreFixture.SIM.sign(SimSigstoreFixture.SPEC).bundle();
    write(
        resources,
        "dev.teepol.fuzz.sigstore.BundleFuzzTest",
        "parse",
        Map.of("sim-release", bundle));
    write(
        resources,
        "dev.teepol.fuzz.sigstore.SigstoreAppraiseFuzzTest",
        "appraise",
        Map.of("sim-release", bundle));

    SimulatedTpm tpm = SimTpmFixture.SIM;
    SimulatedTpm tpmLegacy =
        TpmSimulator.builder()
            .banks(List.of(TpmHash.SHA1))
            .scheme(SigScheme.RSASSA, TpmHash.SHA1)
            .legacyLog(true)
            .canonicalEventLog(false)
            .build()
            .generate();
    write(
        resources,
        "dev.teepol.fuzz.tpm.GoTpmAttestationFuzzTest",
        "parse",
        Map.of("sim-default", tpm.attestation()));
    write(
        resources,
        "dev.teepol.fuzz.tpm.TpmEventLogFuzzTest",
        "parse",
        Map.of("sim-crypto-agile", tpm.eventLog(), "sim-sha1-legacy", tpmLegacy.eventLog()));
    // Each verifies under SimTpmFixture.CONTEXT: the same test AK CA and nonce, other keys/schemes.
    SimulatedTpm tpmEcc = TpmSimulator.builder().ak(SimAk.ecc("node-3")).build().generate();
    write(
        resources,
        "dev.teepol.fuzz.tpm.TpmAppraiseFuzzTest",
        "appraise",
        Map.of(
            "sim-rsa-default", tpm.attestation(),
            "sim-ecc", tpmEcc.attestation(),
            "sim-sha1-legacy", tpmLegacy.attestation()));

    Map<String, byte[]> csTokens =
        Map.of(
            "sim-x5c", SimCsToken.production().bytes(),
            "sim-oidc", SimCsToken.production().oidc(SimCs.JWKS_KID).bytes());
    write(resources, "dev.teepol.fuzz.confidentialspace.CsTokenFuzzTest", "parse", csTokens);
    write(resources, "dev.teepol.fuzz.confidentialspace.CsAppraiseFuzzTest", "appraise", csTokens);
  }

  /** Jazzer's layout: {@code <package dirs>/<Class>Inputs/<method>/}. */
  static void write(Path resources, String testClass, String method, Map<String, byte[]> seeds)
      throws IOException {
    int dot = testClass.lastIndexOf('.');
    Path dir =
        resources
            .resolve(testClass.substring(0, dot).replace('.', '/'))
            .resolve(testClass.substring(dot + 1) + "Inputs")
            .resolve(method);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      Files.write(dir.resolve("seed-" + e.getKey()), e.getValue());
    }
  }

  private static byte[] bytes(Path p) throws IOException {
    return Files.readAllBytes(p);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] head(byte[] b, int n) {
    return java.util.Arrays.copyOf(b, Math.min(n, b.length));
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }
}
