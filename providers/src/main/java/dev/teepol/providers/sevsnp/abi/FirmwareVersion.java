package dev.teepol.providers.sevsnp.abi;

/** A firmware version as the report gives it (CURRENT/COMMITTED major.minor.build). */
public record FirmwareVersion(int major, int minor, int build) {
  @Override
  public String toString() {
    return major + "." + minor + "." + build;
  }
}
