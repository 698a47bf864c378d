package dev.teepol.core.spi;

import dev.teepol.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anchor certificates by purpose ({@link #INTEL_SGX_ROOT}, {@link #NVIDIA_NRAS_INTERMEDIATE}, AMD
 * ARK per product, ...). Defaults are embedded; any purpose can be overridden, and an override
 * replaces the default entirely (it is not added to it), so a user who pins a root pins exactly
 * that root. Besides certificates, a purpose may hold bare public keys the operator pinned ({@link
 * #keys}, e.g. {@link #TPM_AK}), and embedded optional bundles ({@link #GCE_VTPM}) are trusted only
 * when a caller opts in with {@link #withBundle}.
 */
public final class TrustAnchors {
  public static final String INTEL_SGX_ROOT = "intel-sgx-root";

  /**
   * The NVIDIA Attestation Service intermediate that certifies the NRAS JWKS keys (x5c[1] of every
   * key NVIDIA publishes). It is pinned by its key: a JWKS key is trusted only when its x5c chain
   * ends in a certificate whose SubjectPublicKeyInfo is that of an anchor of this purpose.
   */
  public static final String NVIDIA_NRAS_INTERMEDIATE = "nvidia-nras-intermediate";

  /**
   * Google's Confidential Space Root CA, which certifies the intermediate that issues the
   * short-lived leaf certificates of Confidential Space PKI tokens ({@code x5c}). Google publishes
   * it at {@code https://confidentialcomputing.googleapis.com/.well-known/attestation-pki-root}.
   */
  public static final String GOOGLE_CONFIDENTIAL_SPACE_ROOT = "google-confidential-space-root";

  /**
   * AMD's root keys for SEV-SNP, one per product: every VCEK/VLEK chain (VCEK → ASK → ARK, VLEK →
   * ASVK → ARK) must end in the ARK of the report's product. Self-signed RSA-4096 certificates
   * signed with RSASSA-PSS/SHA-384, as AMD's KDS serves them.
   */
  public static final String AMD_ARK_MILAN = "amd-ark-milan";

  public static final String AMD_ARK_GENOA = "amd-ark-genoa";
  public static final String AMD_ARK_TURIN = "amd-ark-turin";

  /** The AMD ARK purposes, one per product, in product order (Milan, Genoa, Turin). */
  public static final List<String> AMD_ARKS = List.of(AMD_ARK_MILAN, AMD_ARK_GENOA, AMD_ARK_TURIN);

  /** SHA-256 of the DER of ARK-Milan (valid 2020-10-22..2045-10-22), checked at load. */
  static final String AMD_ARK_MILAN_SHA256 =
      "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd";

  /** SHA-256 of the DER of ARK-Genoa (valid 2022-01-26..2047-01-26), checked at load. */
  static final String AMD_ARK_GENOA_SHA256 =
      "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1";

  /** SHA-256 of the DER of ARK-Turin (valid 2023-05-15..2048-05-15), checked at load. */
  static final String AMD_ARK_TURIN_SHA256 =
      "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a";

  /** SHA-256 of the DER of Intel's SGX Root CA, checked when the embedded copy is loaded. */
  static final String INTEL_SGX_ROOT_SHA256 =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  /**
   * SHA-256 of the DER of "NVIDIA Attestation Service GPU Intermediate 004" (issued by "NVIDIA
   * Attestation Service CA 001", valid 2025-12-08..2029-12-08), checked when the embedded copy is
   * loaded.
   */
  static final String NVIDIA_NRAS_INTERMEDIATE_SHA256 =
      "2df8907cf4d6c277b855d407ec178a649930a8e73f7294e8fce66e6ee27c5175";

  /** SHA-256 of its SubjectPublicKeyInfo: the pin, checked at load too. */
  static final String NVIDIA_NRAS_INTERMEDIATE_SPKI_SHA256 =
      "fd32837f954e2c45db073105166dfe6985ae0480bb113fba63b091a75affe896";

  /**
   * SHA-256 of the DER of Google's "Confidential Space Root CA" (RSA-4096, valid
   * 2024-01-19..2034-01-16), checked when the embedded copy is loaded.
   */
  static final String GOOGLE_CONFIDENTIAL_SPACE_ROOT_SHA256 =
      "148b293821bb0c6a317f413c8ba475814091cb22d49b9e3c94198db8e8f86c39";

  /**
   * The Sigstore trusted root (Fulcio CAs, Rekor and CT log keys, timestamp authorities) in the
   * {@code application/vnd.dev.sigstore.trustedroot+json} format: an anchor that is a document, not
   * a certificate, because it pins log keys as well as CA certificates. The embedded default is the
   * public-good instance's.
   */
  public static final String SIGSTORE_TRUSTED_ROOT = "sigstore-trusted-root";

  /** SHA-256 of the embedded Sigstore public-good trusted root, checked when it is loaded. */
  static final String SIGSTORE_TRUSTED_ROOT_SHA256 =
      "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66";

  /**
   * CA certificates a TPM attestation key (AK) certificate must chain to. No default: which TPMs a
   * relying party believes in is its choice (a bundle such as {@link #GCE_VTPM}, or its own AK CA).
   */
  public static final String TPM_AK_ROOT = "tpm-ak-root";

  /**
   * Certificates that may complete an AK certificate's path to a {@link #TPM_AK_ROOT} anchor. They
   * are path material, never anchors: a path through one still has to end at a root.
   */
  public static final String TPM_AK_INTERMEDIATE = "tpm-ak-intermediate";

  /**
   * TPM attestation keys the operator pinned ({@link #keys}): a quote signed by one is trusted
   * without a certificate (an AK registered out of band, e.g. by credential activation).
   */
  public static final String TPM_AK = "tpm-ak";

  /**
   * The embedded optional bundle of Google's GCE vTPM EK/AK certificate authorities: the "EK/AK CA
   * Root" (CAS-based) with its "EK/AK CA Intermediate" (v3), and the older "tpm_ek_v1_cloud_host
   * root" with its intermediates 2 and 3. Not trusted unless a caller opts in: it vouches that a
   * key lives in a Google virtual TPM, which only Google's hypervisor protects.
   */
  public static final String GCE_VTPM = "gce-vtpm";

  /** SHA-256 of the DER of each certificate of the {@link #GCE_VTPM} bundle, by resource name. */
  static final Map<String, String> GCE_VTPM_SHA256 =
      Map.of(
          "tpm-ek-root-1.pem",
          "9bd5285f8fb18502a7947e621ffd470266f49fcd3b73e19a190f690ad32a7caf",
          "tpm-ek-intermediate-2.pem",
          "5d8dbcf8c8053dd8ffad711b6219355032b7122c34cac0f90ccb49def69ec504",
          "tpm-ek-intermediate-3.pem",
          "7132b6ea71101f6c51bb58f98c3798c19b65be510eca0344318900510b593178",
          "ek-ak-ca-root.pem",
          "594759594b9b61524f6c8ef668f7177f7b9066bc0674f2f49fe9e052be78beb2",
          "ek-ak-ca-intermediate-v3.pem",
          "c84de8116dfaf5a908f21e810487791f5437e206d00ad8025050cca6bd2ff627");

  private final Map<String, List<X509Certificate>> anchors;

  /** Anchors that are documents (the Sigstore trusted root), by purpose. */
  private final Map<String, byte[]> documents;

  /** Public keys pinned without a certificate (TPM attestation keys), by purpose. */
  private final Map<String, List<PublicKey>> keys;

  private TrustAnchors(
      Map<String, List<X509Certificate>> anchors,
      Map<String, byte[]> documents,
      Map<String, List<PublicKey>> keys) {
    this.anchors = Map.copyOf(anchors);
    this.documents = Map.copyOf(documents);
    this.keys = Map.copyOf(keys);
  }

  public static TrustAnchors of(Map<String, List<X509Certificate>> anchors) {
    return new TrustAnchors(anchors, Map.of(), Map.of());
  }

  /** The embedded defaults. */
  public static TrustAnchors defaults() {
    return Defaults.INSTANCE;
  }

  public List<X509Certificate> get(String purpose) {
    return anchors.getOrDefault(purpose, List.of());
  }

  /** A copy with {@code purpose} replaced by exactly {@code roots}. */
  public TrustAnchors with(String purpose, List<X509Certificate> roots) {
    Map<String, List<X509Certificate>> m = new HashMap<>(anchors);
    m.put(purpose, List.copyOf(roots));
    return new TrustAnchors(m, documents, keys);
  }

  /** The document anchor of {@code purpose} (a copy), when one is configured. */
  public java.util.Optional<byte[]> document(String purpose) {
    return java.util.Optional.ofNullable(documents.get(purpose)).map(byte[]::clone);
  }

  /** A copy with the document anchor of {@code purpose} replaced by exactly {@code content}. */
  public TrustAnchors withDocument(String purpose, byte[] content) {
    Map<String, byte[]> m = new HashMap<>(documents);
    m.put(purpose, content.clone());
    return new TrustAnchors(anchors, m, keys);
  }

  /** The public keys pinned for {@code purpose} (e.g. {@link #TPM_AK}); empty when none. */
  public List<PublicKey> keys(String purpose) {
    return keys.getOrDefault(purpose, List.of());
  }

  /** A copy with the keys of {@code purpose} replaced by exactly {@code pinned}. */
  public TrustAnchors withKeys(String purpose, List<PublicKey> pinned) {
    Map<String, List<PublicKey>> m = new HashMap<>(keys);
    m.put(purpose, List.copyOf(pinned));
    return new TrustAnchors(anchors, documents, m);
  }

  /** The names of the embedded optional bundles ({@link #withBundle}). */
  public static List<String> bundleNames() {
    return List.of(GCE_VTPM);
  }

  /**
   * A copy that also trusts an embedded optional bundle: its roots are added to {@link
   * #TPM_AK_ROOT} and its intermediates to {@link #TPM_AK_INTERMEDIATE}, beside what those purposes
   * hold already (opting in twice changes nothing). Each certificate was checked against its
   * fingerprint when the bundle loaded.
   *
   * @throws IllegalArgumentException for a name that is not in {@link #bundleNames()}
   */
  public TrustAnchors withBundle(String name) {
    if (!GCE_VTPM.equals(name)) {
      throw new IllegalArgumentException(
          "no embedded trust bundle '" + name + "' (bundles: " + bundleNames() + ")");
    }
    Map<String, List<X509Certificate>> m = new HashMap<>(anchors);
    m.put(TPM_AK_ROOT, union(get(TPM_AK_ROOT), GceVtpm.ROOTS));
    m.put(TPM_AK_INTERMEDIATE, union(get(TPM_AK_INTERMEDIATE), GceVtpm.INTERMEDIATES));
    return new TrustAnchors(m, documents, keys);
  }

  /** The certificates of an embedded optional bundle, roots first. */
  public static List<X509Certificate> bundle(String name) {
    if (!GCE_VTPM.equals(name)) {
      throw new IllegalArgumentException(
          "no embedded trust bundle '" + name + "' (bundles: " + bundleNames() + ")");
    }
    List<X509Certificate> all = new ArrayList<>(GceVtpm.ROOTS);
    all.addAll(GceVtpm.INTERMEDIATES);
    return List.copyOf(all);
  }

  private static List<X509Certificate> union(List<X509Certificate> a, List<X509Certificate> b) {
    List<X509Certificate> out = new ArrayList<>(a);
    for (X509Certificate c : b) {
      if (out.stream().noneMatch(x -> Certificates.sameCertificate(x, c))) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  /** The GCE vTPM bundle, loaded (and fingerprint-checked) the first time someone opts in. */
  private static final class GceVtpm {
    static final List<X509Certificate> ROOTS =
        List.of(load("tpm-ek-root-1.pem"), load("ek-ak-ca-root.pem"));
    static final List<X509Certificate> INTERMEDIATES =
        List.of(
            load("tpm-ek-intermediate-2.pem"),
            load("tpm-ek-intermediate-3.pem"),
            load("ek-ak-ca-intermediate-v3.pem"));

    private static X509Certificate load(String resource) {
      X509Certificate c = Defaults.embedded("gce-vtpm/" + resource, "GCE vTPM CA " + resource);
      Defaults.requireFingerprint(
          "GCE vTPM CA " + resource, Certificates.sha256Hex(c), GCE_VTPM_SHA256.get(resource));
      return c;
    }
  }

  private static final class Defaults {
    static final TrustAnchors INSTANCE = load();

    private static TrustAnchors load() {
      X509Certificate intel = embedded("intel-sgx-root-ca.pem", "Intel SGX Root CA");
      requireFingerprint("Intel SGX Root CA", Certificates.sha256Hex(intel), INTEL_SGX_ROOT_SHA256);
      X509Certificate nras =
          embedded("nvidia-nras-gpu-intermediate-004.pem", "NVIDIA NRAS intermediate");
      requireFingerprint(
          "NVIDIA NRAS intermediate",
          Certificates.sha256Hex(nras),
          NVIDIA_NRAS_INTERMEDIATE_SHA256);
      requireFingerprint(
          "NVIDIA NRAS intermediate key",
          Certificates.spkiSha256Hex(nras),
          NVIDIA_NRAS_INTERMEDIATE_SPKI_SHA256);
      Map<String, List<X509Certificate>> m = new HashMap<>();
      m.put(INTEL_SGX_ROOT, List.of(intel));
      m.put(NVIDIA_NRAS_INTERMEDIATE, List.of(nras));
      m.put(AMD_ARK_MILAN, List.of(amd("amd-ark-milan.pem", "ARK-Milan", AMD_ARK_MILAN_SHA256)));
      m.put(AMD_ARK_GENOA, List.of(amd("amd-ark-genoa.pem", "ARK-Genoa", AMD_ARK_GENOA_SHA256)));
      m.put(AMD_ARK_TURIN, List.of(amd("amd-ark-turin.pem", "ARK-Turin", AMD_ARK_TURIN_SHA256)));
      X509Certificate cs =
          embedded("google-confidential-space-root.pem", "Google Confidential Space Root CA");
      requireFingerprint(
          "Google Confidential Space Root CA",
          Certificates.sha256Hex(cs),
          GOOGLE_CONFIDENTIAL_SPACE_ROOT_SHA256);
      m.put(GOOGLE_CONFIDENTIAL_SPACE_ROOT, List.of(cs));
      byte[] sigstore = resource("sigstore-public-good-trusted-root.json", "Sigstore trusted root");
      requireFingerprint(
          "Sigstore trusted root",
          dev.teepol.core.bytes.Hex.of(dev.teepol.core.crypto.Digests.sha256(sigstore)),
          SIGSTORE_TRUSTED_ROOT_SHA256);
      return new TrustAnchors(m, Map.of(SIGSTORE_TRUSTED_ROOT, sigstore), Map.of());
    }

    private static X509Certificate amd(String resource, String what, String sha256) {
      X509Certificate c = embedded(resource, what);
      requireFingerprint(what, Certificates.sha256Hex(c), sha256);
      return c;
    }

    private static byte[] resource(String resource, String what) {
      try (InputStream in =
          TrustAnchors.class.getResourceAsStream("/dev/teepol/core/anchors/" + resource)) {
        if (in == null) {
          throw new IllegalStateException("embedded " + what + " is missing from the jar");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static X509Certificate embedded(String resource, String what) {
      try (InputStream in =
          TrustAnchors.class.getResourceAsStream("/dev/teepol/core/anchors/" + resource)) {
        if (in == null) {
          throw new IllegalStateException("embedded " + what + " is missing from the jar");
        }
        return Certificates.parsePemChain(
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII), 1)
            .get(0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (java.security.cert.CertificateException e) {
        throw new IllegalStateException("embedded " + what + " does not parse", e);
      }
    }

    static void requireFingerprint(String what, String actual, String expected) {
      if (!actual.equals(expected)) {
        throw new IllegalStateException(
            "embedded " + what + " has fingerprint " + actual + ", expected " + expected);
      }
    }
  }
}
