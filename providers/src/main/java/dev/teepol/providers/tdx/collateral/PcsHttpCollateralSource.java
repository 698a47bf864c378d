package dev.teepol.providers.tdx.collateral;

import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.CollateralDocument;
import dev.teepol.core.spi.CollateralException;
import dev.teepol.core.spi.CollateralRequest;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.providers.http.BoundedHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * DCAP collateral from Intel PCS (API v4) or a PCCS speaking the same paths, over HTTP(S).
 *
 * <p>Only transport lives here: every document is still verified by the provider (signatures,
 * chains, freshness), so nothing this source returns is trusted because of where it came from.
 * Documents are cached per request until {@code cacheTtl} has passed on the injected clock; a 404
 * is "not available" (empty) and is not cached, any other non-200 status is an error.
 */
public final class PcsHttpCollateralSource implements CollateralSource {
  /** Intel's production PCS. */
  public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");

  /** Where Intel publishes the SGX root CA CRL (DER). */
  public static final URI INTEL_ROOT_CA_CRL =
      URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

  // PCS v4 names the TCB info chain header without the SGX- prefix; v3 servers and some PCCS
  // versions still send the prefixed one, so both are accepted (first present wins).
  private static final List<String> TCB_INFO_CHAIN_HEADERS =
      List.of("TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain");
  private static final List<String> QE_IDENTITY_CHAIN_HEADERS =
      List.of("SGX-Enclave-Identity-Issuer-Chain");
  private static final List<String> PCK_CRL_CHAIN_HEADERS = List.of("SGX-PCK-CRL-Issuer-Chain");

  // Parameters end up in URLs: only these exact shapes are ever sent.
  private static final Pattern FMSPC = Pattern.compile("[0-9a-f]{12}");
  private static final List<String> TEES = List.of("tdx", "sgx");
  private static final List<String> PCK_CAS = List.of("platform", "processor");

  /**
   * Room for every (tee, fmspc) a fleet realistically has (tens), while bounding memory at this
   * many documents of at most {@code Limits.maxCollateralBytes()} each if callers vary FMSPCs.
   */
  private static final int MAX_CACHE_ENTRIES = 128;

  private final String base;
  private final URI rootCaCrlUrl;
  private final Duration requestTimeout;
  private final Duration cacheTtl;
  private final Clock clock;
  private final int maxBytes;
  private final BoundedHttp http;
  private final Map<CollateralRequest, CachedDocument> cache = new ConcurrentHashMap<>();

  private PcsHttpCollateralSource(Builder b) {
    String s = b.baseUrl.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.rootCaCrlUrl = b.rootCaCrlUrl;
    this.requestTimeout = b.requestTimeout;
    this.cacheTtl = b.cacheTtl;
    this.clock = b.clock;
    this.maxBytes = b.limits.maxCollateralBytes();
    // PCS does not redirect; BoundedHttp follows none.
    this.http = new BoundedHttp(b.connectTimeout);
  }

  /** A source for {@code baseUrl} (e.g. {@link #INTEL_PCS} or a PCCS), at the given clock. */
  public static Builder builder(URI baseUrl, Clock clock) {
    return new Builder(baseUrl, clock);
  }

  @Override
  public Optional<CollateralDocument> fetch(CollateralRequest request) throws CollateralException {
    Instant now = clock.instant();
    CachedDocument cached = cache.get(request);
    if (cached != null && cached.validAt(now)) {
      return Optional.of(cached.copy());
    }
    Optional<Endpoint> endpoint = endpoint(request);
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    Optional<CollateralDocument> doc = get(endpoint.get());
    if (doc.isEmpty()) {
      return doc;
    }
    CachedDocument entry = new CachedDocument(doc.get(), now, now.plus(cacheTtl));
    if (!cacheTtl.isZero()) {
      remember(request, entry);
    }
    return Optional.of(entry.copy());
  }

  @Override
  public String describe() {
    return "Intel PCS v4 at " + base;
  }

  /** Where a request goes and which response headers may carry its issuer chain. */
  private record Endpoint(URI uri, List<String> chainHeaders) {}

  private Optional<Endpoint> endpoint(CollateralRequest r) throws CollateralException {
    return switch (r.type()) {
      case DcapRequests.TCB_INFO ->
          Optional.of(
              new Endpoint(
                  uri("/" + tee(r) + "/certification/v4/tcb?fmspc=" + fmspc(r)),
                  TCB_INFO_CHAIN_HEADERS));
      case DcapRequests.QE_IDENTITY ->
          Optional.of(
              new Endpoint(
                  uri("/" + tee(r) + "/certification/v4/qe/identity"), QE_IDENTITY_CHAIN_HEADERS));
      case DcapRequests.PCK_CRL ->
          Optional.of(
              new Endpoint(
                  uri(
                      "/sgx/certification/v4/pckcrl?ca="
                          + oneOf(r, DcapRequests.CA, PCK_CAS)
                          + "&encoding=der"),
                  PCK_CRL_CHAIN_HEADERS));
      // The root CA CRL is signed by the root itself: no chain travels with it.
      case DcapRequests.ROOT_CA_CRL -> Optional.of(new Endpoint(rootCaCrlUrl, List.of()));
      default -> Optional.empty();
    };
  }

  private URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  private static String tee(CollateralRequest r) throws CollateralException {
    return oneOf(r, DcapRequests.TEE, TEES);
  }

  private static String fmspc(CollateralRequest r) throws CollateralException {
    String v = r.param(DcapRequests.FMSPC);
    if (!FMSPC.matcher(v).matches()) {
      throw new CollateralException(
          "fmspc must be 12 lowercase hex digits, got '" + shorten(v) + "'");
    }
    return v;
  }

  private static String oneOf(CollateralRequest r, String name, List<String> allowed)
      throws CollateralException {
    String v = r.param(name);
    if (!allowed.contains(v)) {
      throw new CollateralException(
          name + " must be one of " + allowed + ", got '" + shorten(v) + "'");
    }
    return v;
  }

  private Optional<CollateralDocument> get(Endpoint endpoint) throws CollateralException {
    BoundedHttp.Response resp;
    try {
      resp =
          http.send(
              HttpRequest.newBuilder(endpoint.uri()).timeout(requestTimeout).GET().build(),
              maxBytes,
              requestTimeout);
    } catch (IOException e) {
      throw new CollateralException(e.getMessage(), e);
    }
    int status = resp.status();
    if (status == 404) {
      return Optional.empty();
    }
    if (status != 200) {
      throw new CollateralException(endpoint.uri() + ": HTTP " + status);
    }
    String chain = "";
    for (String header : endpoint.chainHeaders()) {
      Optional<String> value = resp.headers().firstValue(header);
      if (value.isPresent()) {
        chain = percentDecode(header, value.get(), maxBytes);
        break;
      }
    }
    return Optional.of(new CollateralDocument(resp.body(), chain, endpoint.uri().toString()));
  }

  private void remember(CollateralRequest request, CachedDocument entry) {
    if (cache.size() >= MAX_CACHE_ENTRIES) {
      Instant now = entry.fetchedAt();
      cache.values().removeIf(e -> !e.validAt(now));
      if (cache.size() >= MAX_CACHE_ENTRIES) {
        Iterator<CollateralRequest> it = cache.keySet().iterator();
        it.next();
        it.remove();
      }
    }
    cache.put(request, entry);
  }

  /**
   * Strict RFC 3986 percent-decoding. Not {@link java.net.URLDecoder}: form decoding turns '+' into
   * a space, which would silently corrupt the base64 of a chain sent with a literal '+'.
   */
  static String percentDecode(String header, String value, int maxBytes)
      throws CollateralException {
    if (value.length() > maxBytes) {
      throw new CollateralException(
          header + " is " + value.length() + " characters, over the limit of " + maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new CollateralException(header + ": malformed percent-encoding at character " + i);
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c > 0x7e) {
        throw new CollateralException(header + ": non-ASCII character at " + i);
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static String shorten(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }

  /** A fetched document and the clock window in which it may be served again without asking. */
  private record CachedDocument(CollateralDocument doc, Instant fetchedAt, Instant expiresAt) {
    /** A clock that went backwards past the fetch also expires the entry. */
    boolean validAt(Instant now) {
      return !now.isBefore(fetchedAt) && now.isBefore(expiresAt);
    }

    /** Callers get their own body array, so nobody can alter what the cache serves next. */
    CollateralDocument copy() {
      return new CollateralDocument(doc.body().clone(), doc.issuerChainPem(), doc.origin());
    }
  }

  /** Configuration; every field has a conservative default except the base URL and the clock. */
  public static final class Builder {
    private final URI baseUrl;
    private final Clock clock;
    private URI rootCaCrlUrl = INTEL_ROOT_CA_CRL;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private Duration cacheTtl = Duration.ofHours(1);
    private Limits limits = Limits.DEFAULT;

    private Builder(URI baseUrl, Clock clock) {
      this.baseUrl = httpUri(baseUrl, "baseUrl");
      if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "baseUrl must not carry a query or fragment: " + baseUrl);
      }
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Builder rootCaCrlUrl(URI url) {
      this.rootCaCrlUrl = httpUri(url, "rootCaCrlUrl");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /** How long a fetched document is served from memory; zero disables caching. */
    public Builder cacheTtl(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must not be negative: " + d);
      }
      this.cacheTtl = d;
      return this;
    }

    public Builder limits(Limits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    public PcsHttpCollateralSource build() {
      return new PcsHttpCollateralSource(this);
    }

    private static URI httpUri(URI u, String what) {
      Objects.requireNonNull(u, what);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
        throw new IllegalArgumentException(what + " must be an http(s) URL: " + u);
      }
      return u;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
