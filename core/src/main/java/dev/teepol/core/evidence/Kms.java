package dev.teepol.core.evidence;

/** The key-management root the workload is bound to; root_key is hex DER SubjectPublicKeyInfo. */
public record Kms(String provider, String rootKey) {
  public static final Kms NONE = new Kms("", "");
}
