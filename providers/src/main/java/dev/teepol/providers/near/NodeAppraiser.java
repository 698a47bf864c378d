package dev.teepol.providers.near;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Eip191;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.Gpu;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.nras.NrasAppraiser;
import dev.teepol.providers.nras.NrasCollateral;
import dev.teepol.providers.nras.NrasResponse;
import dev.teepol.providers.nras.NrasResponseParser;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.abi.ReportBody;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appraises one node of a NEAR report: the dstack appraisal of its quote and event log, then what
 * NEAR adds on top — the report_data layout binding the signing key and the nonce, and the GPU
 * evidence judged by NRAS. The signing key enters {@code evidence.signers} only when a signed quote
 * carries it in report_data.
 */
final class NodeAppraiser {
  private final DstackAppraiser dstack;

  NodeAppraiser(DstackAppraiser dstack) {
    this.dstack = dstack;
  }

  TdxProvider tdx() {
    return dstack.tdx();
  }

  /**
   * A node's appraisal and the report body its quote carries (empty when the node or its quote did
   * not decode), by which {@link ReportStructure} tells attested TDs apart.
   */
  record NodeAppraisal(Appraisal appraisal, Optional<ReportBody> body) {}

  NodeAppraisal appraise(NodeInput input, AppraisalContext ctx) {
    if (input instanceof NearNode n) {
      return appraiseNode(n, ctx);
    }
    UnparsableNode u = (UnparsableNode) input;
    return new NodeAppraisal(
        new Appraisal(
            Evidence.empty(NearProvider.ID, subject(u.component(), Optional.empty())),
            List.of(CheckResult.fail(NearChecks.NODE_PARSE, CheckCategory.PARSE, u.reason()))),
        Optional.empty());
  }

  static String subject(String component, Optional<String> modelName) {
    return component.equals("gateway")
        ? "near/gateway"
        : "near/model:" + modelName.orElse(component);
  }

  private NodeAppraisal appraiseNode(NearNode n, AppraisalContext ctx) {
    // The dstack nonce conventions (raw, sha512 "app-data") are not NEAR's: NEAR's nonce check is
    // ours.
    AppraisalContext noNonce = ctx.withoutExpectedNonce();
    String subject = subject(n.component(), n.modelName());
    DstackAppraiser.DstackAppraisal node =
        dstack.appraise(subject, NearProvider.ID, n.dstack(), noNonce);
    Appraisal base = node.appraisal();
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(
            NearChecks.NODE_PARSE,
            CheckCategory.PARSE,
            n.signer().algo().label()
                + " signer "
                + Hex.abbreviate(Hex.of(n.signer().key()))
                + (n.nvidiaPayload().isPresent() ? ", GPU evidence" : "")));
    checks.addAll(base.checks());
    Evidence e = base.evidence();
    Map<String, Binding> bound = new LinkedHashMap<>(e.bound());
    Optional<ReportBody> body = node.quote().body();
    byte[] reportData = body.map(ReportBody::reportData).orElse(new byte[0]);
    boolean signed = body.isPresent() && node.quote().authentic();

    n.signer().publicKey().ifPresent(pub -> checks.add(signingKeyCheck(n.signer(), pub)));
    CheckResult signerCheck = signerBinding(n.signer(), reportData);
    checks.add(signerCheck);
    List<Signer> signers = new ArrayList<>();
    if (signed && signerCheck.passed()) {
      signers.add(new Signer(n.signer().algo().label(), n.signer().display(), Binding.REPORT_DATA));
      bound.put("signers[0]", Binding.REPORT_DATA);
      n.signer()
          .tlsFingerprint()
          .ifPresent(fp -> bound.put("tls_cert_fingerprint", Binding.REPORT_DATA));
    } else {
      bound.put("signing_address", Binding.SELF_REPORTED);
    }

    // Freshness follows the one rule of NonceInfo: a nonce check only when the caller supplied one.
    NonceInfo nonce = NonceInfo.NONE;
    if (ctx.expectedNonce().isPresent() && reportData.length != 64) {
      nonce = NonceInfo.supplied(ctx.expectedNonce().get(), false);
      checks.add(
          CheckResult.unevaluable(
              NearChecks.REPORT_DATA_NONCE, CheckCategory.BINDING, "the quote did not decode"));
    } else if (ctx.expectedNonce().isPresent()) {
      byte[] want = ctx.expectedNonce().get();
      byte[] got = ReportDataBinding.secondHalf(reportData);
      boolean ok = want.length == 32 && MessageDigest.isEqual(want, got);
      nonce = NonceInfo.supplied(want, ok);
      checks.add(
          CheckResult.of(
              NearChecks.REPORT_DATA_NONCE,
              CheckCategory.BINDING,
              ok,
              "report_data[32:64] = nonce",
              want.length != 32
                  ? "the expected nonce is " + want.length + " bytes; NEAR nonces are 32"
                  : "report_data[32:64] = "
                      + Hex.abbreviate(Hex.of(got))
                      + ", not the nonce "
                      + Hex.abbreviate(Hex.of(want))));
    }

    if (n.role() == NodeRole.MODEL) {
      // A model server runs on GPUs: without their evidence nothing attests where the inference
      // runs.
      checks.add(
          CheckResult.of(
              NearChecks.GPU_EVIDENCE,
              CheckCategory.BINDING,
              n.nvidiaPayload().isPresent(),
              "nvidia_payload present",
              "a model node must carry its GPU evidence (nvidia_payload); this one has none"));
    }
    List<Gpu> gpus = List.of();
    if (n.nvidiaPayload().isPresent()) {
      GpuResult g = gpus(n, ctx, bindingNonce(ctx, reportData));
      checks.addAll(g.checks());
      gpus = g.gpus();
      bound.putAll(g.bound());
    }
    bound.put("subject", Binding.SELF_REPORTED);
    n.unboundParts().forEach(p -> bound.put("report." + p, Binding.SELF_REPORTED));
    Evidence out =
        e.toBuilder()
            .subject(subject)
            .kind(NearProvider.ID)
            .signers(signers)
            .gpus(gpus)
            .nonce(nonce)
            .bound(bound)
            .build();
    return new NodeAppraisal(new Appraisal(out, checks), body);
  }

  private static CheckResult signerBinding(NodeSigner s, byte[] reportData) {
    ReportDataBinding.Form form = ReportDataBinding.formOf(s);
    if (reportData.length != 64) {
      return CheckResult.unevaluable(
          NearChecks.REPORT_DATA_SIGNER, CheckCategory.BINDING, "the quote did not decode");
    }
    byte[] want = ReportDataBinding.expectedFirstHalf(s);
    byte[] got = ReportDataBinding.firstHalf(reportData);
    return CheckResult.of(
        NearChecks.REPORT_DATA_SIGNER,
        CheckCategory.BINDING,
        MessageDigest.isEqual(want, got),
        "report_data[0:32] = " + form.description(),
        "report_data[0:32] = "
            + Hex.abbreviate(Hex.of(got))
            + ", expected "
            + form.description()
            + " = "
            + Hex.abbreviate(Hex.of(want)));
  }

  /**
   * The published public key must be the signing key itself (ed25519) or hash to the address
   * (ecdsa).
   */
  private static CheckResult signingKeyCheck(NodeSigner s, byte[] pub) {
    byte[] derived;
    if (s.algo() == SigningAlgo.ED25519) {
      derived = pub;
    } else {
      byte[] xy = pub.length == 65 && pub[0] == 4 ? Arrays.copyOfRange(pub, 1, 65) : pub;
      if (xy.length != 64) {
        return CheckResult.fail(
            NearChecks.SIGNING_KEY,
            CheckCategory.BINDING,
            "signing_public_key is " + pub.length + " bytes, not an uncompressed secp256k1 point");
      }
      derived = Arrays.copyOfRange(Eip191.keccak256(xy), 12, 32);
    }
    return CheckResult.of(
        NearChecks.SIGNING_KEY,
        CheckCategory.BINDING,
        MessageDigest.isEqual(derived, s.key()),
        "signing_public_key matches signing_address",
        "signing_public_key gives "
            + s.algo().display(derived)
            + ", not the signing_address "
            + s.display());
  }

  private record GpuResult(List<CheckResult> checks, List<Gpu> gpus, Map<String, Binding> bound) {}

  /**
   * The nonce the node's GPU evidence must carry: the caller's when supplied (report_data[32:64] is
   * checked against it separately), else the one the signed quote carries. Either way the GPU
   * evidence and its NRAS verdict are tied to this node's quote, with or without freshness.
   */
  private static Optional<byte[]> bindingNonce(AppraisalContext ctx, byte[] reportData) {
    return ctx.expectedNonce()
        .or(
            () ->
                reportData.length == 64
                    ? Optional.of(ReportDataBinding.secondHalf(reportData))
                    : Optional.empty());
  }

  private GpuResult gpus(NearNode n, AppraisalContext ctx, Optional<byte[]> bindingNonce) {
    List<CheckResult> checks = new ArrayList<>();
    String raw = n.nvidiaPayload().orElseThrow();
    NvidiaPayload payload;
    try {
      payload = NvidiaPayload.parse(raw, "nvidia_payload", ctx.limits());
      checks.add(
          CheckResult.pass(
              NearChecks.GPU_PAYLOAD,
              CheckCategory.PARSE,
              payload.evidenceCount()
                  + " GPU evidence entries"
                  + (payload.arch().isEmpty() ? "" : ", " + payload.arch())));
    } catch (ParseException e) {
      checks.add(CheckResult.fail(NearChecks.GPU_PAYLOAD, CheckCategory.PARSE, e.getMessage()));
      return new GpuResult(checks, List.of(), Map.of("gpus", Binding.SELF_REPORTED));
    }
    String whose =
        ctx.expectedNonce().isPresent() ? "the supplied nonce" : "the nonce in report_data[32:64]";
    if (bindingNonce.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              NearChecks.GPU_NONCE, CheckCategory.BINDING, "the quote did not decode"));
    } else {
      byte[] want = bindingNonce.get();
      boolean ok =
          Hex.isHex(payload.nonce())
              && MessageDigest.isEqual(
                  Hex.decode(payload.nonce().toLowerCase(java.util.Locale.ROOT)), want);
      checks.add(
          CheckResult.of(
              NearChecks.GPU_NONCE,
              CheckCategory.BINDING,
              ok,
              "payload nonce = " + whose,
              "the NVIDIA payload nonce "
                  + Hex.abbreviate(payload.nonce())
                  + " is not "
                  + whose
                  + " "
                  + Hex.abbreviate(Hex.of(want))));
    }

    Optional<CollateralDocument> doc;
    try {
      doc = NrasCollateral.attestation(raw, ctx);
    } catch (CollateralException e) {
      checks.add(
          CheckResult.unevaluable(NearChecks.GPU_NRAS, CheckCategory.COLLATERAL, e.getMessage()));
      return new GpuResult(checks, List.of(), Map.of("gpus", Binding.SELF_REPORTED));
    }
    if (doc.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              NearChecks.GPU_NRAS,
              CheckCategory.COLLATERAL,
              "no NRAS verdict on the GPU evidence (offline without a recorded response, and no live NRAS configured)"));
      return new GpuResult(checks, List.of(), Map.of("gpus", Binding.SELF_REPORTED));
    }
    NrasResponse response;
    try {
      response = NrasResponseParser.parse(doc.get().body(), ctx.limits());
    } catch (ParseException e) {
      checks.add(
          CheckResult.fail(
              NearChecks.GPU_NRAS,
              CheckCategory.COLLATERAL,
              "NRAS response from " + doc.get().origin() + " does not decode: " + e.getMessage()));
      return new GpuResult(checks, List.of(), Map.of("gpus", Binding.SELF_REPORTED));
    }
    checks.add(
        CheckResult.pass(
            NearChecks.GPU_NRAS,
            CheckCategory.COLLATERAL,
            "NRAS response from " + doc.get().origin()));
    // The NRAS verdict must carry the node's binding nonce (the caller's, else the quote's own).
    AppraisalContext nrasCtx = bindingNonce.map(ctx::withExpectedNonce).orElse(ctx);
    NrasAppraiser.Result r = NrasAppraiser.appraise(response, nrasCtx, payload.arch());
    checks.addAll(r.checks());
    int attested = r.gpus().size();
    checks.add(
        CheckResult.of(
            NearChecks.GPU_COUNT,
            CheckCategory.BINDING,
            attested == payload.evidenceCount(),
            attested + " GPUs attested",
            "NRAS attested "
                + attested
                + " GPUs but the payload carries evidence for "
                + payload.evidenceCount()));
    GpuBinding binding = GpuBinding.of(r.devices(), payload.entries());
    checks.add(binding.check());
    List<Gpu> gpus = new ArrayList<>(r.gpus());
    Map<String, Binding> bound = new LinkedHashMap<>(r.bound());
    for (int i = 0; i < gpus.size(); i++) {
      if (!binding.bound().get(i)) {
        // A token about another GPU says nothing about this node's: nothing of it reaches the
        // evidence.
        gpus.set(i, GpuBinding.unverified(gpus.get(i)));
        bound.put("gpus[" + i + "]", Binding.SELF_REPORTED);
      }
    }
    return new GpuResult(checks, gpus, bound);
  }
}
