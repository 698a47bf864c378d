package dev.teepol.providers.sevsnp.collateral;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.http.BoundedHttp;
import dev.teepol.providers.sevsnp.abi.Product;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SEV-SNP certificates and CRLs from AMD's Key Distribution Service (or a mirror with its paths),
 * over HTTP(S) through the one {@link BoundedHttp}: {@code /vcek/v1/{product}/{hwid}?blSPL=..},
 * {@code /vcek/v1/{product}/cert_chain}, {@code /vcek/v1/{product}/crl} (and {@code /vlek/v1/...}
 * for the VLEK chain and CRL; KDS serves no VLEK itself). Transport only: every certificate is
 * verified to the pinned ARK, nothing is trusted for coming from here.
 *
 * <p>Responses are cached by URL in a bounded LRU until {@code cacheTtl} has passed on the injected
 * clock (a VCEK never changes for a chip and TCB; the chain and CRL are re-fetched after the TTL).
 * A 404 is "not available" and is not cached; any other non-200 is an error. A request without a
 * product (a v2 report with no supplied certificate) is not sent: the product is never guessed.
 */
public final class KdsHttpCollateralSource implements CollateralSource {
  /** AMD's production KDS. */
  public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");

  private static final int MAX_CACHE_ENTRIES = 256;

  private final String base;
  private final Clock clock;
  private final Duration cacheTtl;
  private final Duration requestTimeout;
  private final int maxBytes;
  private final BoundedHttp http;
  private final LruCache<URI, Cached> cache = new LruCache<>(MAX_CACHE_ENTRIES);

  private record Cached(CollateralDocument doc, Instant until) {}

  private KdsHttpCollateralSource(Builder b) {
    String s = b.baseUrl.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.clock = b.clock;
    this.cacheTtl = b.cacheTtl;
    this.requestTimeout = b.requestTimeout;
    this.maxBytes = b.limits.maxCollateralBytes();
    this.http = new BoundedHttp(b.connectTimeout);
  }

  public static Builder builder(URI baseUrl, Clock clock) {
    return new Builder(baseUrl, clock);
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    Optional<URI> uri = uri(request);
    if (uri.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Cached c = cache.get(uri.get());
    if (c != null && now.isBefore(c.until())) {
      return Optional.of(c.doc());
    }
    BoundedHttp.Response resp;
    try {
      resp =
          http.send(
              HttpRequest.newBuilder(uri.get()).timeout(requestTimeout).GET().build(),
              maxBytes,
              requestTimeout);
    } catch (IOException e) {
      throw new CollateralException(uri.get() + ": " + e.getMessage(), e);
    }
    if (resp.status() == 404) {
      return Optional.empty();
    }
    if (resp.status() != 200) {
      throw new CollateralException(uri.get() + ": HTTP " + resp.status());
    }
    CollateralDocument doc = new CollateralDocument(resp.body(), "", uri.get().toString());
    if (!cacheTtl.isZero()) {
      cache.put(uri.get(), new Cached(doc, now.plus(cacheTtl)));
    }
    return Optional.of(doc);
  }

  /** The KDS URL of a request; empty for what KDS does not serve. Parameters are checked first. */
  Optional<URI> uri(CollateralRequest r) throws CollateralException {
    Optional<Product> product =
        Product.byName(r.param("product")).filter(p -> p.kdsName().equals(r.param("product")));
    String signer = r.param("signer");
    if (product.isEmpty() || !List.of("vcek", "vlek").contains(signer)) {
      return Optional.empty();
    }
    String root = base + "/" + signer + "/v1/" + product.get().kdsName();
    return switch (r.type()) {
      case SnpCollateral.CA_CHAIN -> Optional.of(URI.create(root + "/cert_chain"));
      case SnpCollateral.CRL -> Optional.of(URI.create(root + "/crl"));
      case SnpCollateral.SIGNING_KEY -> {
        if (!signer.equals("vcek")) {
          yield Optional.empty();
        }
        String hwid = r.param("hwid");
        int want = product.get() == Product.TURIN ? 16 : 128;
        if (hwid.length() != want || !Hex.isHex(hwid)) {
          // A masked CHIP_ID (or a malformed one) names no chip to ask KDS about.
          yield Optional.empty();
        }
        StringBuilder q = new StringBuilder(root + "/" + hwid.toLowerCase(java.util.Locale.ROOT));
        String sep = "?";
        for (String spl :
            product.get().tcbLayout().hasFmc()
                ? List.of("fmcSPL", "blSPL", "teeSPL", "snpSPL", "ucodeSPL")
                : List.of("blSPL", "teeSPL", "snpSPL", "ucodeSPL")) {
          q.append(sep).append(spl).append('=').append(spl(r, spl));
          sep = "&";
        }
        yield Optional.of(URI.create(q.toString()));
      }
      default -> Optional.empty();
    };
  }

  private static int spl(CollateralRequest r, String name) throws CollateralException {
    String v = r.param(name);
    if (v.isEmpty() || v.length() > 3) {
      throw new CollateralException(name + " must be 0..255, got '" + v + "'");
    }
    int n = 0;
    for (char c : v.toCharArray()) {
      if (c < '0' || c > '9') {
        throw new CollateralException(name + " must be 0..255, got '" + v + "'");
      }
      n = n * 10 + (c - '0');
    }
    if (n > 255) {
      throw new CollateralException(name + " must be 0..255, got '" + v + "'");
    }
    return n;
  }

  @Override
  public String describe() {
    return "AMD KDS at " + base;
  }

  /** Configures a {@link KdsHttpCollateralSource}. */
  public static final class Builder {
    private final URI baseUrl;
    private final Clock clock;
    private Duration cacheTtl = Duration.ofHours(1);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Limits limits = Limits.DEFAULT;

    private Builder(URI baseUrl, Clock clock) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How long a response is reused, on the injected clock; zero disables the cache. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    public Builder requestTimeout(Duration t) {
      this.requestTimeout = Objects.requireNonNull(t, "t");
      return this;
    }

    public Builder connectTimeout(Duration t) {
      this.connectTimeout = Objects.requireNonNull(t, "t");
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public KdsHttpCollateralSource build() {
      return new KdsHttpCollateralSource(this);
    }
  }
}
