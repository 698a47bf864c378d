package dev.teepol.core.evidence;

/** One GPU as attested by its vendor's verifier. */
public record Gpu(
    int index,
    String arch,
    String hwmodel,
    String driverVersion,
    String vbiosVersion,
    boolean measres,
    boolean secboot,
    boolean dbgstat,
    boolean nonceMatches,
    boolean tokenVerified) {}
