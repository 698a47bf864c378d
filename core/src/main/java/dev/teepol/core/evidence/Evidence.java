package dev.teepol.core.evidence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The normalized evidence model: one shape for every TEE (docs/architecture.md,
 * docs/evidence-model.md). Absent parts are empty, never null. Measurements are lowercase hex keyed
 * by register name; {@code bound} says for each value path how it is tied to the hardware.
 */
public record Evidence(
    String subject,
    String kind,
    Platform platform,
    Map<String, String> measurements,
    String reportData,
    Workload workload,
    Kms kms,
    List<Signer> signers,
    List<Gpu> gpus,
    List<Provenance> provenance,
    NonceInfo nonce,
    Map<String, Binding> bound,
    ConfidentialSpace confidentialSpace,
    MockAttestation mock,
    Tpm tpm) {

  public Evidence {
    measurements = unmodifiableOrdered(measurements);
    bound = unmodifiableOrdered(bound);
    signers = List.copyOf(signers);
    gpus = List.copyOf(gpus);
    provenance = List.copyOf(provenance);
  }

  /**
   * Evidence without Confidential Space claims, a mock attestation or TPM specifics (the parts
   * added later).
   */
  public Evidence(
      String subject,
      String kind,
      Platform platform,
      Map<String, String> measurements,
      String reportData,
      Workload workload,
      Kms kms,
      List<Signer> signers,
      List<Gpu> gpus,
      List<Provenance> provenance,
      NonceInfo nonce,
      Map<String, Binding> bound) {
    this(
        subject,
        kind,
        platform,
        measurements,
        reportData,
        workload,
        kms,
        signers,
        gpus,
        provenance,
        nonce,
        bound,
        ConfidentialSpace.NONE,
        MockAttestation.NONE,
        Tpm.NONE);
  }

  /** Evidence with nothing in it, e.g. for a file that could not be parsed. */
  public static Evidence empty(String kind, String subject) {
    return builder(kind, subject).build();
  }

  /** Evidence of {@code kind} about {@code subject}; every part not set stays empty. */
  public static Builder builder(String kind, String subject) {
    return new Builder(kind, subject);
  }

  /** A builder holding this evidence's parts, to derive evidence that differs in a few of them. */
  public Builder toBuilder() {
    return new Builder(kind, subject)
        .platform(platform)
        .measurements(measurements)
        .reportData(reportData)
        .workload(workload)
        .kms(kms)
        .signers(signers)
        .gpus(gpus)
        .provenance(provenance)
        .nonce(nonce)
        .bound(bound)
        .confidentialSpace(confidentialSpace)
        .mock(mock)
        .tpm(tpm);
  }

  /**
   * Assembles an {@link Evidence}; parts default to empty (never null), so a provider states only
   * what it found. The record's constructor still copies every collection.
   */
  public static final class Builder {
    private String subject;
    private String kind;
    private Platform platform = Platform.NONE;
    private Map<String, String> measurements = Map.of();
    private String reportData = "";
    private Workload workload = Workload.NONE;
    private Kms kms = Kms.NONE;
    private List<Signer> signers = List.of();
    private List<Gpu> gpus = List.of();
    private List<Provenance> provenance = List.of();
    private NonceInfo nonce = NonceInfo.NONE;
    private Map<String, Binding> bound = Map.of();
    private ConfidentialSpace confidentialSpace = ConfidentialSpace.NONE;
    private MockAttestation mock = MockAttestation.NONE;
    private Tpm tpm = Tpm.NONE;

    private Builder(String kind, String subject) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.subject = Objects.requireNonNull(subject, "subject");
    }

    public Builder subject(String v) {
      subject = Objects.requireNonNull(v, "subject");
      return this;
    }

    public Builder kind(String v) {
      kind = Objects.requireNonNull(v, "kind");
      return this;
    }

    public Builder platform(Platform v) {
      platform = Objects.requireNonNull(v, "platform");
      return this;
    }

    public Builder measurements(Map<String, String> v) {
      measurements = Objects.requireNonNull(v, "measurements");
      return this;
    }

    /** Lowercase hex of the 64-byte report_data, "" when the evidence has none. */
    public Builder reportData(String v) {
      reportData = Objects.requireNonNull(v, "reportData");
      return this;
    }

    public Builder workload(Workload v) {
      workload = Objects.requireNonNull(v, "workload");
      return this;
    }

    public Builder kms(Kms v) {
      kms = Objects.requireNonNull(v, "kms");
      return this;
    }

    public Builder signers(List<Signer> v) {
      signers = Objects.requireNonNull(v, "signers");
      return this;
    }

    public Builder gpus(List<Gpu> v) {
      gpus = Objects.requireNonNull(v, "gpus");
      return this;
    }

    public Builder provenance(List<Provenance> v) {
      provenance = Objects.requireNonNull(v, "provenance");
      return this;
    }

    public Builder nonce(NonceInfo v) {
      nonce = Objects.requireNonNull(v, "nonce");
      return this;
    }

    public Builder bound(Map<String, Binding> v) {
      bound = Objects.requireNonNull(v, "bound");
      return this;
    }

    public Builder confidentialSpace(ConfidentialSpace v) {
      confidentialSpace = Objects.requireNonNull(v, "confidentialSpace");
      return this;
    }

    public Builder mock(MockAttestation v) {
      mock = Objects.requireNonNull(v, "mock");
      return this;
    }

    /** TPM 2.0 specifics (attestation key, quote, decoded event log); empty for other TEEs. */
    public Builder tpm(Tpm v) {
      tpm = Objects.requireNonNull(v, "tpm");
      return this;
    }

    public Evidence build() {
      return new Evidence(
          subject,
          kind,
          platform,
          measurements,
          reportData,
          workload,
          kms,
          signers,
          gpus,
          provenance,
          nonce,
          bound,
          confidentialSpace,
          mock,
          tpm);
    }
  }

  private static <V> Map<String, V> unmodifiableOrdered(Map<String, V> m) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
