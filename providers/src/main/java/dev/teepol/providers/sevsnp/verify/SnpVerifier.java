package dev.teepol.providers.sevsnp.verify;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.crypto.Crls;
import dev.teepol.core.crypto.Ecdsa;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.sevsnp.SnpChecks;
import dev.teepol.providers.sevsnp.abi.Product;
import dev.teepol.providers.sevsnp.abi.SigningKey;
import dev.teepol.providers.sevsnp.abi.SnpReport;
import dev.teepol.providers.sevsnp.abi.SnpReportParser;
import dev.teepol.providers.sevsnp.abi.TcbLayout;
import dev.teepol.providers.sevsnp.cert.AmdCertificate;
import dev.teepol.providers.sevsnp.cert.AmdIntermediates;
import dev.teepol.providers.sevsnp.cert.AmdProfile;
import dev.teepol.providers.sevsnp.cert.AmdRole;
import dev.teepol.providers.sevsnp.cert.VcekExtensions;
import dev.teepol.providers.sevsnp.collateral.SnpCollateral;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the SEV-SNP checks on one report (docs/providers/sevsnp.md): parse, the signature by the key
 * SIGNER_INFO names, the VCEK/VLEK chain to the pinned ARK of the report's product, the key's TCB
 * and hwID against the report, and the CRL when one is available. One instance per provider: it
 * caches verified chains (by content and validity window) and the signing keys' precomputed points.
 */
public final class SnpVerifier {
  // Keyed by the certificates themselves: X509Certificate caches its hash and compares encodings,
  // and the decoded-certificate cache hands the same instances back, so a warm lookup costs no
  // re-encoding or hashing of the DER.
  private final LruCache<ChainKey, VerifiedChain> chains = new LruCache<>(256);
  private final LruCache<X509Certificate, Ecdsa.Key> keys = new LruCache<>(256);

  /** Certificates that already conform to AMD's profile (only conforming ones are kept). */
  private final LruCache<X509Certificate, Boolean> profiled = new LruCache<>(256);

  private record ChainKey(X509Certificate leaf, X509Certificate ca, X509Certificate anchor) {}

  /**
   * Supplied certificate documents already decoded, by content: a verifier serving one platform is
   * handed the same VCEK and chain again and again, and X.509 decoding would otherwise dominate.
   * The entry keeps the bytes, and a hit requires them to be equal, not just the hash.
   */
  private final LruCache<Integer, Decoded> decoded = new LruCache<>(64);

  private final LruCache<X509Certificate, VcekExtensions> extensions = new LruCache<>(256);

  private record Decoded(byte[] body, String origin, SuppliedCertificates certificates) {}

  /** A chain that validated, and the window in which it keeps validating. */
  private record VerifiedChain(Instant notBefore, Instant notAfter) {
    boolean covers(Instant at) {
      return !at.isBefore(notBefore) && !at.isAfter(notAfter);
    }
  }

  /**
   * What one verification established.
   *
   * @param product the product the report is judged as, with {@code productSource} saying from what
   * @param signer the certificate whose key was checked against the signature
   */
  public record Result(
      Optional<SnpReport> report,
      Optional<Product> product,
      String productSource,
      boolean signed,
      boolean chained,
      Optional<AmdCertificate> signer,
      Optional<VcekExtensions> signerExtensions,
      SuppliedCertificates certificates,
      List<CheckResult> checks) {

    public Optional<SnpTcb> tcb() {
      return report.map(
          r -> SnpTcb.of(r, product.map(Product::tcbLayout).or(() -> layoutWithoutProduct(r))));
    }
  }

  /**
   * A v2 report cannot be Turin (Turin firmware writes version 3 and later), so its TCB layout is
   * Milan/Genoa's even when its product is unknown; a v3+ report of an unknown CPU has none.
   */
  static Optional<TcbLayout> layoutWithoutProduct(SnpReport r) {
    return r.version() == 2 ? Optional.of(TcbLayout.MILAN_GENOA) : Optional.empty();
  }

  /**
   * @param supplied certificates the evidence carries (the collateral source's are added here)
   * @param productHint the product the caller states, for v2 reports; it must agree with the rest
   */
  public Result verify(
      byte[] bytes,
      SuppliedCertificates supplied,
      Optional<Product> productHint,
      AppraisalContext ctx) {
    List<CheckResult> checks = new ArrayList<>();
    SnpReport report;
    try {
      report = SnpReportParser.parse(bytes);
    } catch (ParseException e) {
      checks.add(CheckResult.fail(SnpChecks.PARSE, CheckCategory.PARSE, e.getMessage()));
      return new Result(
          Optional.empty(),
          Optional.empty(),
          "",
          false,
          false,
          Optional.empty(),
          Optional.empty(),
          supplied,
          checks);
    }
    checks.add(
        CheckResult.pass(
            SnpChecks.PARSE,
            CheckCategory.PARSE,
            "report version "
                + report.version()
                + report
                    .cpuid()
                    .map(
                        c ->
                            String.format(
                                ", CPUID family 0x%02x model 0x%02x stepping %d",
                                c.family(), c.model(), c.stepping()))
                    .orElse(", no CPUID (version 2)")
                + ", signed by the "
                + report.signingKey()));
    SigningKey signer = report.signingKey();
    if (signer == SigningKey.NONE) {
      String why = "SIGNER_INFO.SIGNING_KEY is 7: the report is not signed";
      checks.add(CheckResult.fail(SnpChecks.SIGNATURE, CheckCategory.SIGNATURE, why));
      checks.add(CheckResult.unevaluable(SnpChecks.CHAIN, CheckCategory.CHAIN, why));
      checks.add(CheckResult.unevaluable(SnpChecks.VCEK_TCB, CheckCategory.BINDING, why));
      checks.add(CheckResult.unevaluable(SnpChecks.VCEK_CHIP_ID, CheckCategory.BINDING, why));
      return new Result(
          Optional.of(report),
          report.cpuidProduct(),
          "",
          false,
          false,
          Optional.empty(),
          Optional.empty(),
          supplied,
          checks);
    }
    AmdRole leafRole = signer == SigningKey.VLEK ? AmdRole.VLEK : AmdRole.VCEK;
    AmdRole caRole = signer == SigningKey.VLEK ? AmdRole.ASVK : AmdRole.ASK;

    // Product from the signed CPUID or the caller, before any certificate is looked at.
    Optional<Product> known = report.cpuidProduct().or(() -> productHint);
    List<String> collateralProblems = new ArrayList<>();
    SuppliedCertificates all = supplied;
    if (all.ofRole(leafRole).isEmpty()) {
      all =
          all.plus(
              fetch(
                  ctx,
                  SnpCollateral.signingKey(
                      known,
                      signer,
                      signer == SigningKey.VCEK ? chipIdForKds(report, known) : "",
                      spls(report, known)),
                  collateralProblems));
    }
    if (all.ofRole(caRole).isEmpty()) {
      all = all.plus(fetch(ctx, SnpCollateral.caChain(known, signer), collateralProblems));
    }

    Optional<AmdCertificate> leaf = chooseLeaf(all.ofRole(leafRole), report, known);
    if (leaf.isEmpty()) {
      String why =
          "no "
              + leafRole
              + " supplied or fetched (SIGNER_INFO names the "
              + leafRole
              + (all.certificates().isEmpty()
                  ? ""
                  : "; supplied: "
                      + all.certificates().stream().map(c -> c.role().name()).distinct().toList())
              + (collateralProblems.isEmpty() ? "" : "; " + String.join("; ", collateralProblems))
              + ")";
      checks.add(CheckResult.unevaluable(SnpChecks.SIGNATURE, CheckCategory.SIGNATURE, why));
      checks.add(CheckResult.unevaluable(SnpChecks.CHAIN, CheckCategory.CHAIN, why));
      checks.add(CheckResult.unevaluable(SnpChecks.VCEK_TCB, CheckCategory.BINDING, why));
      checks.add(CheckResult.unevaluable(SnpChecks.VCEK_CHIP_ID, CheckCategory.BINDING, why));
      return new Result(
          Optional.of(report),
          known,
          productSource(report, productHint, Optional.empty()),
          false,
          false,
          Optional.empty(),
          Optional.empty(),
          all,
          checks);
    }
    AmdCertificate signerCert = leaf.get();
    Optional<VcekExtensions> ext;
    String extProblem = "";
    try {
      ext = Optional.of(extensions(signerCert));
    } catch (IOException e) {
      ext = Optional.empty();
      extProblem = signerCert.role() + " extensions do not decode: " + e.getMessage();
    }

    // The product: CPUID, the caller and the signing certificate must all agree where they speak.
    List<String> productConflicts = new ArrayList<>();
    Optional<Product> product = known;
    Product fromCert = signerCert.product();
    Optional<Product> fromName = ext.flatMap(VcekExtensions::productName).flatMap(Product::byName);
    if (report.cpuidProduct().isPresent()
        && productHint.isPresent()
        && report.cpuidProduct().get() != productHint.get()) {
      productConflicts.add(
          "the report's CPUID says "
              + report.cpuidProduct().get().kdsName()
              + ", the caller says "
              + productHint.get().kdsName());
    }
    if (product.isPresent() && product.get() != fromCert) {
      productConflicts.add(
          "the "
              + signerCert.role()
              + " is issued by SEV-"
              + (signerCert.role() == AmdRole.VLEK ? "VLEK-" : "")
              + fromCert.kdsName()
              + " but the report is "
              + product.get().kdsName());
    }
    if (fromName.isPresent() && fromName.get() != fromCert) {
      productConflicts.add(
          "the "
              + signerCert.role()
              + "'s productName says "
              + fromName.get().kdsName()
              + ", its issuer "
              + fromCert.kdsName());
    }
    if (product.isEmpty()) {
      product = Optional.of(fromCert);
    }
    String productSource = productSource(report, productHint, Optional.of(signerCert));

    // The signature, with whatever key was supplied: its result stands on its own, the chain
    // decides whether the key is AMD's.
    boolean signed = signature(report, signerCert, checks);

    boolean chained =
        chain(
            signerCert,
            caRole,
            product.get(),
            productSource,
            productConflicts,
            extProblem,
            all,
            ctx,
            checks);

    tcbBinding(report, signerCert, ext, extProblem, product.get(), checks);
    chipBinding(report, signerCert, ext, extProblem, product.get(), checks);
    if (chained) {
      crl(product.get(), signer, signerCert, all, caRole, ctx, checks);
    }
    return new Result(
        Optional.of(report),
        product,
        productSource,
        signed,
        chained,
        Optional.of(signerCert),
        ext,
        all,
        checks);
  }

  /**
   * A signing-key certificate with no report: only its chain to the pinned ARK of its issuer's
   * product can be checked (with the intermediates supplied, fetched or embedded).
   *
   * @return the chain check
   */
  public CheckResult verifyChainOnly(
      AmdCertificate leaf, SuppliedCertificates supplied, AppraisalContext ctx) {
    SigningKey signer = leaf.role() == AmdRole.VLEK ? SigningKey.VLEK : SigningKey.VCEK;
    AmdRole caRole = leaf.role() == AmdRole.VLEK ? AmdRole.ASVK : AmdRole.ASK;
    List<String> problems = new ArrayList<>();
    SuppliedCertificates all = supplied;
    if (all.ofRole(caRole).isEmpty()) {
      all =
          all.plus(
              fetch(ctx, SnpCollateral.caChain(Optional.of(leaf.product()), signer), problems));
    }
    List<String> conflicts = new ArrayList<>(problems);
    String extProblem = "";
    try {
      Optional<Product> named =
          VcekExtensions.of(leaf.certificate()).productName().flatMap(Product::byName);
      if (named.isPresent() && named.get() != leaf.product()) {
        conflicts.add(
            "the "
                + leaf.role()
                + "'s productName says "
                + named.get().kdsName()
                + ", its issuer "
                + leaf.product().kdsName());
      }
    } catch (IOException e) {
      extProblem = leaf.role() + " extensions do not decode: " + e.getMessage();
    }
    List<CheckResult> checks = new ArrayList<>();
    chain(
        leaf,
        caRole,
        leaf.product(),
        "from the " + leaf.role() + "'s issuer",
        conflicts,
        extProblem,
        all,
        ctx,
        checks);
    return checks.get(0);
  }

  private static String productSource(
      SnpReport r, Optional<Product> hint, Optional<AmdCertificate> cert) {
    if (r.cpuidProduct().isPresent()) {
      SnpReport.Cpuid c = r.cpuid().get();
      return String.format(
          "from the report's CPUID (family 0x%02x, model 0x%02x)", c.family(), c.model());
    }
    if (hint.isPresent()) {
      return "as the caller stated (a version-" + r.version() + " report carries no CPUID)";
    }
    if (r.cpuid().isPresent()) {
      SnpReport.Cpuid c = r.cpuid().get();
      return cert.map(
              x ->
                  String.format(
                      "from the supplied %s's issuer (the report's CPUID family 0x%02x model 0x%02x is not a product teepol knows)",
                      x.role(), c.family(), c.model()))
          .orElse("unknown");
    }
    return cert.map(
            x ->
                "from the supplied "
                    + x.role()
                    + "'s issuer SEV-"
                    + (x.role() == AmdRole.VLEK ? "VLEK-" : "")
                    + x.product().kdsName()
                    + " (a version-2 report carries no CPUID)")
        .orElse(
            "unknown (a version-2 report carries no CPUID; supply the VCEK/ASK or the product)");
  }

  private SuppliedCertificates fetch(
      AppraisalContext ctx, CollateralRequest request, List<String> problems) {
    try {
      Optional<CollateralDocument> d = ctx.collateral().fetch(request);
      if (d.isEmpty()) {
        return SuppliedCertificates.NONE;
      }
      byte[] body = d.get().body();
      int key = Arrays.hashCode(body) * 31 + d.get().origin().hashCode();
      Decoded hit = decoded.get(key);
      if (hit != null && hit.origin().equals(d.get().origin()) && Arrays.equals(hit.body(), body)) {
        return hit.certificates();
      }
      SuppliedCertificates read = CertificateReader.read(body, d.get().origin(), ctx.limits());
      decoded.put(key, new Decoded(body.clone(), d.get().origin(), read));
      return read;
    } catch (CollateralException e) {
      problems.add("collateral: " + e.getMessage());
      return SuppliedCertificates.NONE;
    }
  }

  /** CHIP_ID as KDS names the chip: 64 bytes, or Turin's 8; "" when masked. */
  static String chipIdForKds(SnpReport r, Optional<Product> product) {
    if (r.chipIdMasked()) {
      return "";
    }
    byte[] id = r.chipId();
    return product.filter(p -> p == Product.TURIN).isPresent() ? Hex.of(id, 0, 8) : Hex.of(id);
  }

  static Map<String, Integer> spls(SnpReport r, Optional<Product> product) {
    Optional<TcbLayout> layout = product.map(Product::tcbLayout).or(() -> layoutWithoutProduct(r));
    return layout.map(l -> l.parts(r.reportedTcb()).named()).orElse(Map.of());
  }

  /**
   * Of several supplied signing-key certificates, the one issued for this chip and TCB; else the
   * first, whose mismatch the binding checks then report.
   */
  private VcekExtensions extensions(AmdCertificate c) throws IOException {
    return extensions.computeIfAbsent(c.certificate(), VcekExtensions::of);
  }

  private Optional<AmdCertificate> chooseLeaf(
      List<AmdCertificate> leaves, SnpReport r, Optional<Product> product) {
    AmdCertificate best = null;
    int bestScore = -1;
    if (leaves.size() == 1) {
      return Optional.of(leaves.get(0));
    }
    for (AmdCertificate c : leaves) {
      int score = 0;
      try {
        VcekExtensions e = extensions(c);
        Product p = product.orElse(c.product());
        if (c.product() == p) {
          score += 1;
        }
        if (e.hwId().isPresent() && hwIdMatches(e.hwId().get(), r.chipId(), p)) {
          score += 4;
        }
        if (e.tcb(p.tcbLayout()).tcb().filter(t -> t == r.reportedTcb()).isPresent()) {
          score += 2;
        }
      } catch (IOException e) {
        // Undecodable extensions: a candidate of last resort.
      }
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  static boolean hwIdMatches(byte[] hwId, byte[] chipId, Product p) {
    if (p == Product.TURIN) {
      if (hwId.length != 8) {
        return false;
      }
      for (int i = 8; i < 64; i++) {
        if (chipId[i] != 0) {
          return false;
        }
      }
      return Arrays.equals(hwId, Arrays.copyOf(chipId, 8));
    }
    return Arrays.equals(hwId, chipId);
  }

  private boolean signature(SnpReport r, AmdCertificate signer, List<CheckResult> checks) {
    Ecdsa.Key key;
    try {
      key = keys.computeIfAbsent(signer.certificate(), c -> Ecdsa.of(c.getPublicKey()));
    } catch (GeneralSecurityException e) {
      checks.add(
          CheckResult.fail(
              SnpChecks.SIGNATURE,
              CheckCategory.SIGNATURE,
              "the " + signer.role() + "'s key cannot verify the report: " + e.getMessage()));
      return false;
    }
    byte[] signed = r.signedPart();
    boolean ok =
        !r.maskChipKey()
            && Ecdsa.verifyP1363Sha384(key, r.signatureP1363(), signed, 0, signed.length);
    checks.add(
        CheckResult.of(
            SnpChecks.SIGNATURE,
            CheckCategory.SIGNATURE,
            ok,
            "ECDSA P-384 signature over 0x000-0x29F verifies with the " + signer.role() + " key",
            r.maskChipKey()
                ? "SIGNER_INFO.MASK_CHIP_KEY is set: the firmware did not sign this report"
                : "the ECDSA P-384 signature over 0x000-0x29F does not verify with the "
                    + signer.role()
                    + " key (sha256 "
                    + Hex.abbreviate(Certificates.sha256Hex(signer.certificate()))
                    + ")"));
    return ok;
  }

  private boolean chain(
      AmdCertificate leaf,
      AmdRole caRole,
      Product product,
      String productSource,
      List<String> conflicts,
      String extProblem,
      SuppliedCertificates all,
      AppraisalContext ctx,
      List<CheckResult> checks) {
    List<String> problems = new ArrayList<>(conflicts);
    problems.addAll(all.problems());
    if (!extProblem.isEmpty()) {
      problems.add(extProblem);
    }
    String purpose = TrustAnchors.AMD_ARKS.get(product.ordinal());
    List<X509Certificate> anchors = ctx.trustAnchors().get(purpose);
    if (anchors.isEmpty()) {
      checks.add(
          CheckResult.unevaluable(
              SnpChecks.CHAIN, CheckCategory.CHAIN, "no trust anchor configured for " + purpose));
      return false;
    }
    // Intermediates: a supplied one of the right role must be of this product and verify; the
    // embedded copy serves only when none was supplied, and never replaces a supplied one.
    List<AmdCertificate> suppliedCas = all.ofRole(caRole);
    List<AmdCertificate> ofProduct =
        suppliedCas.stream().filter(c -> c.product() == product).toList();
    List<AmdCertificate> intermediates;
    String intermediateSource;
    if (!suppliedCas.isEmpty() && ofProduct.isEmpty()) {
      problems.add(
          "the supplied "
              + caRole
              + " is for "
              + suppliedCas.get(0).product().kdsName()
              + ", the report is "
              + product.kdsName()
              + " ("
              + productSource
              + ")");
      intermediates = List.of();
      intermediateSource = "";
    } else if (!ofProduct.isEmpty()) {
      intermediates = ofProduct;
      intermediateSource = "supplied";
    } else {
      Optional<AmdCertificate> embedded = AmdIntermediates.of(product, caRole);
      if (embedded.isEmpty()) {
        checks.add(
            CheckResult.unevaluable(
                SnpChecks.CHAIN,
                CheckCategory.CHAIN,
                "no " + caRole + " for " + product.kdsName() + " supplied, fetched or embedded"));
        return false;
      }
      intermediates = List.of(embedded.get());
      intermediateSource = "embedded";
    }
    // A supplied ARK of this product must be the pinned one: a different root is refused, never
    // replaced by the embedded copy.
    for (AmdCertificate ark : all.ofRole(AmdRole.ARK)) {
      if (ark.product() == product
          && anchors.stream().noneMatch(a -> Certificates.sameCertificate(a, ark.certificate()))) {
        problems.add(
            "the supplied ARK-"
                + product.kdsName()
                + " (sha256 "
                + Hex.abbreviate(Certificates.sha256Hex(ark.certificate()))
                + ") is not the pinned "
                + purpose);
      }
    }
    problems.addAll(profile(leaf));
    Instant at = ctx.clock().instant();
    for (AmdCertificate ca : intermediates) {
      problems.addAll(profile(ca));
      if (problems.isEmpty()) {
        validate(leaf, ca, anchors, at).ifPresent(problems::add);
      }
    }
    boolean ok = problems.isEmpty();
    checks.add(
        CheckResult.of(
            SnpChecks.CHAIN,
            CheckCategory.CHAIN,
            ok,
            leaf.role()
                + " <- "
                + caRole
                + " SEV-"
                + (caRole == AmdRole.ASVK ? "VLEK-" : "")
                + product.kdsName()
                + " ("
                + intermediateSource
                + ") <- pinned ARK-"
                + product.kdsName()
                + ", valid at "
                + at
                + "; product "
                + product.kdsName()
                + " "
                + productSource,
            String.join("; ", problems)));
    return ok;
  }

  private List<String> profile(AmdCertificate c) {
    if (profiled.get(c.certificate()) != null) {
      return List.of();
    }
    List<String> p = AmdProfile.problems(c);
    if (p.isEmpty()) {
      profiled.put(c.certificate(), Boolean.TRUE);
    }
    return p;
  }

  /** PKIX at {@code at}, cached by content for the window in which the answer cannot change. */
  private Optional<String> validate(
      AmdCertificate leaf, AmdCertificate ca, List<X509Certificate> anchors, Instant at) {
    ChainKey key = new ChainKey(leaf.certificate(), ca.certificate(), anchors.get(0));
    VerifiedChain cached = chains.get(key);
    if (cached != null && cached.covers(at)) {
      return Optional.empty();
    }
    Optional<String> problem =
        Certificates.validatePath(List.of(leaf.certificate(), ca.certificate()), anchors, at);
    if (problem.isEmpty()) {
      Instant from = leaf.certificate().getNotBefore().toInstant();
      Instant to = leaf.certificate().getNotAfter().toInstant();
      for (X509Certificate c : List.of(ca.certificate(), anchors.get(0))) {
        from = max(from, c.getNotBefore().toInstant());
        to = min(to, c.getNotAfter().toInstant());
      }
      chains.put(key, new VerifiedChain(from, to));
    }
    return problem;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static void tcbBinding(
      SnpReport r,
      AmdCertificate signer,
      Optional<VcekExtensions> ext,
      String extProblem,
      Product product,
      List<CheckResult> checks) {
    if (ext.isEmpty()) {
      checks.add(CheckResult.fail(SnpChecks.VCEK_TCB, CheckCategory.BINDING, extProblem));
      return;
    }
    TcbLayout layout = product.tcbLayout();
    VcekExtensions.TcbOrProblem t = ext.get().tcb(layout);
    if (t.tcb().isEmpty()) {
      checks.add(
          CheckResult.fail(
              SnpChecks.VCEK_TCB,
              CheckCategory.BINDING,
              "the " + signer.role() + ": " + t.problem()));
      return;
    }
    long certTcb = t.tcb().get();
    checks.add(
        CheckResult.of(
            SnpChecks.VCEK_TCB,
            CheckCategory.BINDING,
            certTcb == r.reportedTcb(),
            "the " + signer.role() + " was issued for REPORTED_TCB " + layout.parts(certTcb),
            "the "
                + signer.role()
                + " was issued for TCB "
                + layout.parts(certTcb)
                + ", the report's REPORTED_TCB is "
                + layout.parts(r.reportedTcb())
                + " ("
                + product.kdsName()
                + " layout)"));
  }

  private static void chipBinding(
      SnpReport r,
      AmdCertificate signer,
      Optional<VcekExtensions> ext,
      String extProblem,
      Product product,
      List<CheckResult> checks) {
    if (signer.role() == AmdRole.VLEK) {
      checks.add(
          CheckResult.pass(
              SnpChecks.VCEK_CHIP_ID,
              CheckCategory.BINDING,
              "signed by a VLEK, issued per cloud provider"
                  + ext.flatMap(VcekExtensions::cspId).map(c -> " (" + c + ")").orElse("")
                  + ": no chip to bind"
                  + (r.chipIdMasked() ? "; CHIP_ID is masked" : "")));
      return;
    }
    if (ext.isEmpty()) {
      checks.add(CheckResult.fail(SnpChecks.VCEK_CHIP_ID, CheckCategory.BINDING, extProblem));
      return;
    }
    Optional<byte[]> hwId = ext.get().hwId();
    if (hwId.isEmpty()) {
      checks.add(
          CheckResult.fail(
              SnpChecks.VCEK_CHIP_ID,
              CheckCategory.BINDING,
              "the VCEK has no hwID extension (1.3.6.1.4.1.3704.1.4)"));
      return;
    }
    if (r.chipIdMasked()) {
      checks.add(
          CheckResult.pass(
              SnpChecks.VCEK_CHIP_ID,
              CheckCategory.BINDING,
              "CHIP_ID is masked (MASK_CHIP_ID): the VCEK signature alone ties the report to chip "
                  + Hex.abbreviate(Hex.of(hwId.get()))));
      return;
    }
    boolean ok = hwIdMatches(hwId.get(), r.chipId(), product);
    checks.add(
        CheckResult.of(
            SnpChecks.VCEK_CHIP_ID,
            CheckCategory.BINDING,
            ok,
            "the VCEK's hwID "
                + Hex.abbreviate(Hex.of(hwId.get()))
                + (product == Product.TURIN
                    ? " is CHIP_ID[0:8] and CHIP_ID[8:64] is zero (Turin)"
                    : " is CHIP_ID"),
            "the VCEK's hwID "
                + Hex.abbreviate(Hex.of(hwId.get()))
                + " ("
                + hwId.get().length
                + " bytes) is not the report's CHIP_ID "
                + Hex.abbreviate(Hex.of(r.chipId()))
                + (product == Product.TURIN ? " (Turin: 8-byte prefix, rest zero)" : "")));
  }

  private static void crl(
      Product product,
      SigningKey signer,
      AmdCertificate leaf,
      SuppliedCertificates all,
      AmdRole caRole,
      AppraisalContext ctx,
      List<CheckResult> checks) {
    Optional<CollateralDocument> d;
    try {
      d = ctx.collateral().fetch(SnpCollateral.crl(product, signer));
    } catch (CollateralException e) {
      checks.add(
          CheckResult.unevaluable(
              SnpChecks.CRL,
              CheckCategory.COLLATERAL,
              "the CRL could not be fetched: " + e.getMessage()));
      return;
    }
    if (d.isEmpty()) {
      return;
    }
    X509Certificate ark =
        ctx.trustAnchors().get(TrustAnchors.AMD_ARKS.get(product.ordinal())).get(0);
    X509CRL crl;
    try {
      crl = Certificates.parseCrl(d.get().body());
    } catch (Exception e) {
      checks.add(
          CheckResult.fail(
              SnpChecks.CRL,
              CheckCategory.COLLATERAL,
              "the CRL from " + d.get().origin() + " does not decode"));
      return;
    }
    Optional<String> bad = Crls.verify(crl, ark, ctx.clock().instant());
    if (bad.isPresent()) {
      checks.add(CheckResult.fail(SnpChecks.CRL, CheckCategory.COLLATERAL, bad.get()));
      return;
    }
    List<X509Certificate> covered = new ArrayList<>();
    all.ofRole(caRole).stream()
        .filter(c -> c.product() == product)
        .forEach(c -> covered.add(c.certificate()));
    if (covered.isEmpty()) {
      AmdIntermediates.of(product, caRole).ifPresent(c -> covered.add(c.certificate()));
    }
    covered.add(leaf.certificate());
    Optional<X509Certificate> revoked = Crls.firstRevoked(crl, covered);
    checks.add(
        CheckResult.of(
            SnpChecks.CRL,
            CheckCategory.COLLATERAL,
            revoked.isEmpty(),
            "the ARK-"
                + product.kdsName()
                + " CRL from "
                + d.get().origin()
                + " is current and revokes nothing in the chain",
            revoked
                .map(
                    c ->
                        "'"
                            + c.getSubjectX500Principal().getName()
                            + "' (serial "
                            + c.getSerialNumber().toString(16)
                            + ") is revoked by the ARK-"
                            + product.kdsName()
                            + " CRL")
                .orElse("")));
  }
}
