package dev.teepol.cli;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Evidence files → an appraisal by the provider that recognizes them: what {@code teepol verify}
 * and raw-evidence test cases share. Every problem with the inputs is an {@link InputException}
 * naming the file or option.
 */
public final class RawEvidence {
  /** The appraisal and the id of the provider that made it. */
  public record Appraised(String provider, Appraisal appraisal) {}

  /** The inputs, as paths and text the user gave. */
  /**
   * @param trustAnchors anchor files, each replacing the embedded default of its purpose
   * @param nras a directory of recorded NVIDIA NRAS material (response, JWKS), for GPU evidence offline
   * @param pcs an Intel PCS/PCCS v4 base URL to fetch DCAP collateral from, after {@code collateral}
   */
  public record Request(Path evidence, Optional<Path> collateral, List<Path> trustAnchors, Clock clock, Optional<String> nonceHex,
      Optional<Path> nras, Optional<java.net.URI> pcs) {
    public Request {
      trustAnchors = List.copyOf(trustAnchors);
    }

    public Request(Path evidence, Optional<Path> collateral, Optional<Path> trustAnchor, Clock clock, Optional<String> nonceHex) {
      this(evidence, collateral, trustAnchor.stream().toList(), clock, nonceHex, Optional.empty(), Optional.empty());
    }
  }

  private RawEvidence() {}

  public static Appraised appraise(Providers providers, Request r, Limits limits) throws InputException {
    Optional<byte[]> nonce = nonce(r.nonceHex());
    Optional<Path> collateralDir = collateralDir(r.collateral());
    List<AnchorFiles.Loaded> anchorFiles = AnchorFiles.readAll(r.trustAnchors());
    EvidenceSource source = read(r.evidence(), limits);

    EvidenceProvider provider = providers.detect(source, limits).orElseThrow(() -> new InputException(r.evidence().toString(),
        "not recognized as evidence of any provider (" + providers.all().stream().map(EvidenceProvider::id)
            .collect(Collectors.joining(", ")) + ")"));

    Map<String, X509Certificate> anchors = AnchorFiles.byPurpose(anchorFiles, provider.id(),
        "no trust-anchor purpose for provider " + provider.id());
    Appraiser.Inputs inputs = new Appraiser.Inputs(r.clock(), collateralDir, anchors, nonce);
    var context = Appraiser.context(inputs, limits);
    if (r.pcs().isPresent()) {
      // Online only when asked: the directory (if any) is consulted first, then the PCS/PCCS.
      context = context.withCollateral(dev.teepol.core.spi.CollateralSource.firstOf(context.collateral(),
          dev.teepol.providers.tdx.collateral.PcsHttpCollateralSource.builder(r.pcs().get(), r.clock()).limits(limits).build()));
    }
    if (r.nras().isPresent()) {
      if (!java.nio.file.Files.isDirectory(r.nras().get())) {
        throw new InputException(r.nras().get().toString(), "not a directory of recorded NRAS material");
      }
      context = context.withCollateral(dev.teepol.core.spi.CollateralSource.firstOf(context.collateral(),
          new dev.teepol.providers.nras.NrasDirectoryCollateralSource(r.nras().get(), limits)));
    }
    Appraisal appraisal = Appraiser.appraise(provider, source, context);
    var unparsable = Appraiser.parseFailure(appraisal);
    if (unparsable.isPresent()) {
      throw new InputException(r.evidence().toString(), unparsable.get().outcome().reason());
    }
    return new Appraised(provider.id(), appraisal);
  }

  private static Optional<byte[]> nonce(Optional<String> hex) throws InputException {
    if (hex.isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] b = Hex.decode(hex.get().strip());
      if (b.length == 0) {
        throw new InputException("--nonce", "empty nonce");
      }
      return Optional.of(b);
    } catch (IllegalArgumentException e) {
      throw new InputException("--nonce", "not hex: " + e.getMessage());
    }
  }

  private static Optional<Path> collateralDir(Optional<Path> dir) throws InputException {
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    if (!Files.isDirectory(dir.get())) {
      throw new InputException(dir.get().toString(), Files.exists(dir.get()) ? "not a directory" : "no such directory");
    }
    return dir;
  }

  private static EvidenceSource read(Path evidence, Limits limits) throws InputException {
    try {
      if (Files.isDirectory(evidence)) {
        throw new InputException(evidence.toString(), "is a directory, not an evidence file");
      }
      return EvidenceSource.read(evidence, limits);
    } catch (NoSuchFileException e) {
      throw new InputException(evidence.toString(), "no such file");
    } catch (IOException e) {
      throw new InputException(evidence.toString(), "cannot read: " + e.getMessage());
    } catch (LimitExceededException e) {
      throw new InputException(evidence.toString(), e.getMessage());
    }
  }
}
