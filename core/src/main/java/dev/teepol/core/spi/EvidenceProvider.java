package dev.teepol.core.spi;

import dev.teepol.core.limits.Limits;

/**
 * Turns one format of raw evidence into an {@link Appraisal}. Implementations are built by a {@link
 * ProviderFactory} (found through {@link java.util.ServiceLoader}), one instance per {@link
 * Providers} set. {@link #appraise} never throws for bad evidence: it returns an appraisal whose
 * parse check FAILs with the field and offset.
 */
public interface EvidenceProvider {

  /** Stable id: "tdx", "sev-snp", "near", ... */
  String id();

  /**
   * A cheap sniff of the bytes, never a full parse: a fixed header, or the top-level keys within a
   * bounded prefix. It reads and allocates no more than {@code limits} allow, never throws, and
   * decides nothing about trust (the appraisal parses again, completely).
   */
  boolean recognizes(EvidenceSource source, Limits limits);

  Appraisal appraise(EvidenceSource source, AppraisalContext context);

  /**
   * Decodes the evidence without verifying it ({@code teepol inspect}). By default, the normalized
   * evidence of an appraisal with {@code offline}, whose collateral source serves nothing, so
   * nothing is fetched; providers that can show every field of their format override this. Like
   * {@link #appraise}, it never throws for bad evidence: undecodable input is {@link
   * Decoded.Undecodable} or, by default, an appraisal whose parse check failed.
   *
   * @param offline the clock, anchors and limits to decode with; its collateral source serves
   *     nothing
   */
  default Decoded inspect(EvidenceSource source, AppraisalContext offline) {
    return new Decoded.Normalized(appraise(source, offline));
  }
}
