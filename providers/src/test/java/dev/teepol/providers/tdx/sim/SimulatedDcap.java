package dev.teepol.providers.tdx.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A generated quote with the collateral and trust anchor that (fail to, for a breakage) verify it.
 *
 * @param collateralFiles file name ({@link CollateralLayout}) to content
 * @param pckLeaf the PCK certificate embedded in the quote
 * @param attestationKey raw X‖Y of the key that signed the quote
 */
public record SimulatedDcap(
    byte[] quote,
    X509Certificate root,
    Map<String, byte[]> collateralFiles,
    X509Certificate pckLeaf,
    byte[] attestationKey,
    Optional<Breakage> breakage) {

  public SimulatedDcap {
    collateralFiles = Map.copyOf(new TreeMap<>(collateralFiles));
  }

  public byte[] rootDer() {
    try {
      return root.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code quote.bin}, {@code root_ca.der} and {@code collateral/*} under {@code dir}. */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(CollateralLayout.QUOTE), quote);
    Files.write(dir.resolve(CollateralLayout.ROOT_CA), rootDer());
    writeCollateralTo(dir.resolve(CollateralLayout.COLLATERAL_DIR));
  }

  /**
   * Writes the collateral files into {@code dir}, the layout DirectoryCollateralSource reads, plus
   * {@code root_ca.der} so the directory alone is enough to reproduce a verification. The source
   * never reads the anchor from there: trust comes only from what the caller pins.
   */
  public void writeCollateralTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(CollateralLayout.ROOT_CA), rootDer());
    for (Map.Entry<String, byte[]> e : collateralFiles.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
  }
}
