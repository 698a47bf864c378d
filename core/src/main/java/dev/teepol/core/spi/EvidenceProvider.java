package dev.teepol.core.spi;

/**
 * Turns one format of raw evidence into an {@link Appraisal}. Implementations are found through
 * {@link java.util.ServiceLoader}. {@link #appraise} never throws for bad evidence: it returns an
 * appraisal whose parse check FAILs with the field and offset.
 */
public interface EvidenceProvider {

  /** Stable id: "tdx", "sev-snp", "near", ... */
  String id();

  /** A cheap sniff of the bytes, without a full parse. */
  boolean recognizes(EvidenceSource source);

  Appraisal appraise(EvidenceSource source, AppraisalContext context);
}
