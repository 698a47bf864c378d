package dev.teepol.providers.tdx.collateral;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * DCAP collateral from a directory in Intel PCS v4 shapes (docs/collateral.md): {@code
 * tcb_info[_<fmspc>].json}, {@code qe_identity.json}, {@code pck_crl[_<ca>].der}, {@code
 * root_ca_crl.der}, each JSON/CRL with an optional {@code <stem>_issuer_chain.pem}. Where several
 * TCB infos are present the one named by FMSPC is chosen; the verifier still checks that the FMSPC
 * inside matches the quote.
 */
public final class DirectoryCollateralSource implements CollateralSource {
  private final Path dir;
  private final int maxBytes;

  public DirectoryCollateralSource(Path dir, Limits limits) {
    this.dir = dir;
    this.maxBytes = limits.maxCollateralBytes();
  }

  public Path directory() {
    return dir;
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    List<String> stems =
        switch (request.type()) {
          case DcapRequests.TCB_INFO ->
              List.of("tcb_info_" + request.param(DcapRequests.FMSPC), "tcb_info");
          case DcapRequests.QE_IDENTITY ->
              List.of("qe_identity_" + request.param(DcapRequests.TEE), "qe_identity");
          case DcapRequests.PCK_CRL ->
              List.of("pck_crl_" + request.param(DcapRequests.CA), "pck_crl");
          case DcapRequests.ROOT_CA_CRL -> List.of("root_ca_crl");
          default -> List.of();
        };
    String ext = request.type().endsWith("crl") ? ".der" : ".json";
    for (String stem : stems) {
      Path body = dir.resolve(stem + ext);
      if (Files.isRegularFile(body)) {
        Path chain = dir.resolve(stem + "_issuer_chain.pem");
        String pem =
            Files.isRegularFile(chain) ? new String(read(chain), StandardCharsets.US_ASCII) : "";
        return Optional.of(new CollateralDocument(read(body), pem, body.toString()));
      }
    }
    if (!stems.isEmpty() && !holdsAnyCollateral()) {
      // A directory with none of the files is a mistake (the wrong folder), not a missing document.
      throw new CollateralException(
          dir
              + " holds none of the DCAP collateral files (looked for "
              + String.join(", ", stems.stream().map(x -> x + ext).toList())
              + ", and tcb_info*.json, qe_identity*.json, pck_crl*.der, root_ca_crl.der in general)");
    }
    return Optional.empty();
  }

  private boolean holdsAnyCollateral() {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .anyMatch(
              n ->
                  (n.startsWith("tcb_info") || n.startsWith("qe_identity")) && n.endsWith(".json")
                      || (n.startsWith("pck_crl") || n.equals("root_ca_crl.der"))
                          && n.endsWith(".der"));
    } catch (IOException e) {
      return false;
    }
  }

  private byte[] read(Path p) throws CollateralException {
    try {
      return BoundedFiles.read(p, maxBytes, p.toString());
    } catch (LimitExceededException e) {
      throw new CollateralException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CollateralException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "directory " + dir;
  }
}
