package dev.teepol.providers.sevsnp.dstack;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Kms;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.ReportDataConventions;
import dev.teepol.core.evidence.Workload;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.json.BoundedJson;
import dev.teepol.providers.json.JsonFields;
import dev.teepol.providers.sevsnp.SnpChecks;
import dev.teepol.providers.sevsnp.SnpInputs;
import dev.teepol.providers.sevsnp.SnpProvider;
import dev.teepol.providers.sevsnp.VerifiedSnpReport;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * dstack's SEV-SNP attestation: the report verified by the SEV-SNP provider (with the certificates
 * the container carries), then dstack's identity rules. SEV-SNP has no RTMR, so the app identity
 * comes only from the MrConfigV3 document that HOST_DATA commits to (bound {@code mr_config});
 * runtime events and the VM config are not signed and never fill an identity field as proven (the
 * OS image hash they state is {@code self_reported}).
 */
public final class DstackSnpAppraiser {
  private static final byte[] MR_CONFIG_V3 =
      "dstack-mr-config-v3:".getBytes(StandardCharsets.US_ASCII);

  private final SnpProvider snp;

  public DstackSnpAppraiser(SnpProvider snp) {
    this.snp = snp;
  }

  public Appraisal appraise(EvidenceSource source, AppraisalContext ctx) {
    DstackSnpAttestation a;
    try {
      a = DstackSnpAttestationParser.parse(source.content(), ctx.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(
          SnpProvider.ID, source.name(), SnpChecks.DSTACK_PARSE, e.getMessage());
    }
    List<CheckResult> checks = new ArrayList<>();
    SnpInputs inputs;
    try {
      List<byte[]> blobs = a.certChain();
      if (blobs.size() == 1 && !CertificateTable.isCertificate(blobs.get(0))) {
        blobs = CertificateTable.entries(blobs.get(0), ctx.limits().maxCertChainLength());
      }
      inputs = SnpInputs.certificates(blobs, "cert_chain", ctx.limits());
    } catch (ParseException e) {
      return Appraisal.unparsable(
          SnpProvider.ID, source.name(), SnpChecks.DSTACK_PARSE, e.getMessage());
    }
    checks.add(
        CheckResult.pass(
            SnpChecks.DSTACK_PARSE,
            CheckCategory.PARSE,
            "SCALE V0, DstackAmdSevSnp, "
                + a.certChain().size()
                + " certificate blob(s), "
                + a.runtimeEvents().size()
                + " runtime events (not hardware-bound)"));
    VerifiedSnpReport v = snp.verify(source.name(), a.report(), inputs, ctx.withoutExpectedNonce());
    checks.addAll(v.checks());
    Evidence.Builder e = v.appraisal().evidence().toBuilder();
    Map<String, Binding> bound = new LinkedHashMap<>(v.appraisal().evidence().bound());

    // The container's report_data must be what the report signed.
    boolean rdOk =
        v.reportData().map(rd -> MessageDigest.isEqual(rd, a.reportData())).orElse(false);
    checks.add(
        v.reportData().isEmpty()
            ? CheckResult.unevaluable(
                SnpChecks.DSTACK_REPORT_DATA, CheckCategory.BINDING, "the report did not decode")
            : CheckResult.of(
                SnpChecks.DSTACK_REPORT_DATA,
                CheckCategory.BINDING,
                rdOk,
                "the container's report_data is the report's REPORT_DATA",
                "the container's report_data "
                    + Hex.abbreviate(Hex.of(a.reportData()))
                    + " is not the report's REPORT_DATA "
                    + Hex.abbreviate(Hex.of(v.reportData().get()))));

    // HOST_DATA commits to the exact mr_config bytes; only then do its fields become identity.
    Workload workload = Workload.NONE;
    Kms kms = Kms.NONE;
    Optional<byte[]> hostData = v.hostData();
    byte[] expected =
        Digests.sha256(MR_CONFIG_V3, new byte[] {0}, a.mrConfig().getBytes(StandardCharsets.UTF_8));
    if (hostData.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              SnpChecks.DSTACK_MR_CONFIG, CheckCategory.BINDING, "the report did not decode"));
    } else if (!MessageDigest.isEqual(hostData.get(), expected)) {
      checks.add(
          CheckResult.fail(
              SnpChecks.DSTACK_MR_CONFIG,
              CheckCategory.BINDING,
              "HOST_DATA "
                  + Hex.abbreviate(Hex.of(hostData.get()))
                  + " is not SHA-256(\"dstack-mr-config-v3:\" || 0x00 || mr_config) "
                  + Hex.abbreviate(Hex.of(expected))));
    } else {
      try {
        JsonObject doc =
            JsonFields.object(
                BoundedJson.parse(a.mrConfig(), "mr_config", ctx.limits()), "mr_config");
        String appId = hex(doc, "app_id", 20);
        String composeHash = hex(doc, "compose_hash", 32);
        String instanceId =
            JsonFields.optString(doc, "instance_id", "mr_config").isPresent()
                ? hex(doc, "instance_id", 20)
                : "";
        Optional<String> kp = JsonFields.optString(doc, "key_provider", "mr_config");
        Optional<byte[]> kpId = JsonFields.optHex(doc, "key_provider_id", "mr_config", 1024);
        byte[] measurement = v.measurement().orElseThrow();
        workload =
            new Workload(
                appId,
                composeHash,
                instanceId,
                Hex.of(Digests.sha256(v.chipId().orElseThrow())),
                "",
                Hex.of(Digests.sha256(measurement, hostData.get())),
                List.of());
        bound.put("workload.app_id", Binding.MR_CONFIG);
        bound.put("workload.compose_hash", Binding.MR_CONFIG);
        if (!instanceId.isEmpty()) {
          bound.put("workload.instance_id", Binding.MR_CONFIG);
        }
        bound.put("workload.device_id", Binding.HARDWARE);
        bound.put("workload.mr_aggregated", Binding.HARDWARE);
        if (kp.isPresent() && kpId.isPresent()) {
          kms = new Kms(kp.get(), Hex.of(kpId.get()));
          bound.put("kms.root_key", Binding.MR_CONFIG);
        }
        checks.add(
            CheckResult.pass(
                SnpChecks.DSTACK_MR_CONFIG,
                CheckCategory.BINDING,
                "HOST_DATA = SHA-256(\"dstack-mr-config-v3:\" || 0x00 || mr_config); app_id "
                    + appId
                    + ", compose_hash "
                    + Hex.abbreviate(composeHash)));
      } catch (ParseException ex) {
        checks.add(
            CheckResult.fail(SnpChecks.DSTACK_MR_CONFIG, CheckCategory.BINDING, ex.getMessage()));
      }
    }
    // The OS image hash only the unsigned runtime events state: recorded, never proven.
    for (DstackSnpAttestation.RuntimeEvent ev : a.runtimeEvents()) {
      if (ev.event().equals("os-image-hash") && ev.payload().length == 32) {
        workload =
            new Workload(
                workload.appId(),
                workload.composeHash(),
                workload.instanceId(),
                workload.deviceId(),
                Hex.of(ev.payload()),
                workload.mrAggregated(),
                workload.imageDigests());
        bound.put("workload.os_image_hash", Binding.SELF_REPORTED);
      }
    }
    e.workload(workload).kms(kms).bound(bound);

    if (ctx.expectedNonce().isPresent()) {
      byte[] nonce = ctx.expectedNonce().get();
      Optional<String> how = v.reportData().flatMap(rd -> ReportDataConventions.match(rd, nonce));
      e.nonce(NonceInfo.supplied(nonce, how.isPresent()));
      checks.add(
          v.reportData().isEmpty()
              ? CheckResult.unevaluable(
                  SnpChecks.DSTACK_NONCE, CheckCategory.BINDING, "the report did not decode")
              : CheckResult.of(
                  SnpChecks.DSTACK_NONCE,
                  CheckCategory.BINDING,
                  how.isPresent(),
                  "REPORT_DATA carries the nonce (" + how.orElse("") + ")",
                  "REPORT_DATA carries the nonce neither raw nor as sha512(\"app-data:\" || nonce)"));
    }
    return new Appraisal(e.build(), checks);
  }

  private static String hex(JsonObject doc, String key, int len) throws ParseException {
    byte[] b = JsonFields.hex(JsonFields.string(doc, key, "mr_config"), "mr_config." + key, len);
    if (b.length != len) {
      throw new ParseException("mr_config." + key, 0, b.length + " bytes, expected " + len);
    }
    return Hex.of(b);
  }
}
