package dev.teepol.verifier.collateral;

import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.nras.NrasCollateral;
import dev.teepol.providers.tdx.collateral.DcapRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Saves every collateral document a verification fetches into a directory, in exactly the layout
 * {@code --collateral} ({@link dev.teepol.providers.tdx.collateral.DirectoryCollateralSource}) and
 * {@code --nras} ({@link dev.teepol.providers.nras.NrasDirectoryCollateralSource}) read, so the
 * same verification can be repeated offline later ({@code teepol collateral fetch}). Give it to
 * {@link dev.teepol.verifier.TeepolVerifier.Builder#recordCollateral}; it wraps the verifier's
 * sources.
 *
 * <p>Documents are saved as served, whatever a verification later makes of them: the offline
 * verification then judges exactly what the online one did. A file name is built only from
 * parameters of a fixed shape (an FMSPC of 12 hex digits, {@code tdx}/{@code sgx}, {@code
 * platform}/{@code processor}), so no request can write outside the directory. Each file is written
 * to a temporary file and moved into place, so a reader never sees half a document.
 */
public final class CollateralRecorder {
  /** A document saved: the request, the files written (body first) and where it came from. */
  public record Saved(CollateralRequest request, List<String> files, String origin) {
    public Saved {
      files = List.copyOf(files);
    }
  }

  /** A document the verification asked for that is not in the directory, and why. */
  public record Missing(CollateralRequest request, String reason) {}

  private static final Pattern FMSPC = Pattern.compile("[0-9a-f]{12}");
  private static final List<String> TEES = List.of("tdx", "sgx");
  private static final List<String> PCK_CAS = List.of("platform", "processor");

  /** The file names of the --nras layout. */
  public static final String NRAS_JWKS_FILE = "nras_jwks.json";

  public static final String NRAS_RESPONSE_FILE = "nras_attest_gpu_response.json";

  private final Path dir;
  private final Map<String, Saved> saved = new TreeMap<>();
  private final Map<String, Missing> missing = new TreeMap<>();
  private String nrasPayload;

  /** Records into {@code dir}, which must exist. */
  public CollateralRecorder(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  public Path directory() {
    return dir;
  }

  /** {@code delegate}, with every document it serves saved here. */
  public CollateralSource wrap(CollateralSource delegate) {
    return new CollateralSource() {
      @Override
      public Optional<CollateralDocument> fetch(CollateralRequest request)
          throws CollateralException {
        Optional<CollateralDocument> d;
        try {
          d = delegate.fetch(request);
        } catch (CollateralException e) {
          missed(request, e.getMessage());
          throw e;
        }
        if (d.isEmpty()) {
          missed(request, "not available from " + delegate.describe());
        } else {
          save(request, d.get());
        }
        return d;
      }

      @Override
      public String describe() {
        return delegate.describe() + " (saving to " + dir + ")";
      }
    };
  }

  /** Every document saved, by its first file name. */
  public synchronized List<Saved> saved() {
    return List.copyOf(saved.values());
  }

  /** Every document asked for and not saved, by request. */
  public synchronized List<Missing> missing() {
    return List.copyOf(missing.values());
  }

  /** Whether the verification asked for any document at all. */
  public synchronized boolean anyRequest() {
    return !saved.isEmpty() || !missing.isEmpty();
  }

  /** Whether an NRAS document was saved, so the offline verification needs {@code --nras}. */
  public synchronized boolean savedNras() {
    return saved.values().stream().anyMatch(s -> isNras(s.request()));
  }

  /** Whether a DCAP document was saved, so the offline verification needs {@code --collateral}. */
  public synchronized boolean savedDcap() {
    return saved.values().stream().anyMatch(s -> !isNras(s.request()));
  }

  private static boolean isNras(CollateralRequest r) {
    return r.type().equals(NrasCollateral.JWKS) || r.type().equals(NrasCollateral.ATTESTATION);
  }

  private synchronized void missed(CollateralRequest r, String reason) {
    missing.putIfAbsent(key(r), new Missing(r, reason));
  }

  private synchronized void save(CollateralRequest r, CollateralDocument d) {
    Optional<String> stem;
    try {
      stem = stem(r);
    } catch (IllegalArgumentException e) {
      missed(r, e.getMessage());
      return;
    }
    if (stem.isEmpty()) {
      missed(r, "no directory layout reads a '" + r.type() + "' document, so it cannot be saved");
      return;
    }
    if (r.type().equals(NrasCollateral.ATTESTATION)) {
      String payload = r.param(NrasCollateral.PAYLOAD_SHA256);
      if (nrasPayload != null && !nrasPayload.equals(payload)) {
        // The --nras layout holds one recorded response, served for whichever payload is asked.
        missed(
            r,
            "the --nras layout holds one NRAS response; this one (another GPU payload) is not saved");
        return;
      }
      nrasPayload = payload;
    }
    String ext = r.type().endsWith("crl") ? ".der" : ".json";
    String body = stem.get() + ext;
    String chain = stem.get() + "_issuer_chain.pem";
    List<String> files = new ArrayList<>();
    try {
      write(body, d.body());
      files.add(body);
      if (d.issuerChainPem().isEmpty()) {
        // A chain left from an earlier fetch would be read with this body.
        Files.deleteIfExists(dir.resolve(chain));
      } else {
        write(chain, d.issuerChainPem().getBytes(StandardCharsets.US_ASCII));
        files.add(chain);
      }
    } catch (IOException e) {
      missed(r, "cannot write " + dir.resolve(files.isEmpty() ? body : chain) + ": " + e);
      return;
    }
    missing.remove(key(r));
    saved.put(body, new Saved(r, files, d.origin()));
  }

  private void write(String name, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    try {
      Files.write(tmp, bytes);
      // Replaces a file (or a symbolic link) of that name; never writes through a link.
      Files.move(
          tmp,
          dir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The file stem a directory source reads a request from; empty for a type no layout reads.
   *
   * @throws IllegalArgumentException a parameter that is not of its fixed shape
   */
  static Optional<String> stem(CollateralRequest r) {
    return switch (r.type()) {
      case DcapRequests.TCB_INFO -> {
        oneOf(r, DcapRequests.TEE, TEES);
        String fmspc = r.param(DcapRequests.FMSPC);
        if (!FMSPC.matcher(fmspc).matches()) {
          throw new IllegalArgumentException(
              "refused: fmspc '" + shorten(fmspc) + "' is not 12 lowercase hex digits");
        }
        yield Optional.of("tcb_info_" + fmspc);
      }
      case DcapRequests.QE_IDENTITY ->
          Optional.of("qe_identity_" + oneOf(r, DcapRequests.TEE, TEES));
      case DcapRequests.PCK_CRL -> Optional.of("pck_crl_" + oneOf(r, DcapRequests.CA, PCK_CAS));
      case DcapRequests.ROOT_CA_CRL -> Optional.of("root_ca_crl");
      case NrasCollateral.JWKS -> Optional.of(NRAS_JWKS_FILE.replace(".json", ""));
      case NrasCollateral.ATTESTATION -> Optional.of(NRAS_RESPONSE_FILE.replace(".json", ""));
      default -> Optional.empty();
    };
  }

  private static String oneOf(CollateralRequest r, String name, List<String> allowed) {
    String v = r.param(name);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException(
          "refused: " + name + " '" + shorten(v) + "' is not one of " + allowed);
    }
    return v;
  }

  private static String shorten(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }

  /** How a request is shown: its type and parameters (the NRAS payload by its hash only). */
  public static String describe(CollateralRequest r) {
    Map<String, String> shown = new TreeMap<>(r.params());
    shown.remove(NrasCollateral.PAYLOAD);
    return r.type() + (shown.isEmpty() ? "" : " " + shown);
  }

  private static String key(CollateralRequest r) {
    return describe(r);
  }
}
