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
    return Optional.empty();
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
