package dev.teepol.core.evidence;

/** A verified build-provenance statement about an artifact of the workload. */
public record Provenance(
    String predicateType,
    String repository,
    String workflowRef,
    String commit,
    String digest,
    String issuer,
    boolean verified) {}
