package dev.teepol.core.evidence;

/** A key bound into the evidence (e.g. a response-signing address in report_data). */
public record Signer(String algo, String addressOrKey, Binding boundBy) {}
