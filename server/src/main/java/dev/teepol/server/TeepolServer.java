package dev.teepol.server;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.spi.Providers;
import dev.teepol.server.challenge.Challenges;
import dev.teepol.server.ear.EarSigner;
import dev.teepol.server.ear.SigningKey;
import dev.teepol.server.http.AccessLog;
import dev.teepol.server.http.Router;
import dev.teepol.server.metrics.ServiceMetrics;
import dev.teepol.server.policy.LoadedPolicy;
import dev.teepol.server.policy.PolicyDirectory;
import dev.teepol.server.policy.PolicyLoadException;
import dev.teepol.server.policy.PolicyRegistry;
import dev.teepol.server.policy.PolicySet;
import dev.teepol.server.policy.PolicyWatcher;
import dev.teepol.server.policy.ReloadOutcome;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerdictCacheStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code teepol serve}: the verification service on Jetty 12 (docs/service.md). Stateless apart
 * from caches (verdicts per policy, collateral per provider set, used challenges), so replicas
 * sharing the policy directory, the signing key and the challenge key are interchangeable.
 */
public final class TeepolServer implements AutoCloseable {
  /** Longest request header block Jetty reads (a JWT in a header, cookies: well under this). */
  static final int MAX_HEADER_BYTES = 16 << 10;

  private final ServerConfig config;
  private final Server jetty;
  private final ServerConnector connector;
  private final PolicyRegistry registry;
  private final PolicyWatcher watcher;
  private final ExecutorService pool;
  private final AtomicBoolean draining;
  private final ServiceLog log;
  private final SigningKey key;
  private final Router router;
  private final java.util.Optional<dev.teepol.kms.broker.KeyBroker> broker;

  private TeepolServer(
      ServerConfig config,
      Server jetty,
      ServerConnector connector,
      PolicyRegistry registry,
      PolicyWatcher watcher,
      ExecutorService pool,
      AtomicBoolean draining,
      ServiceLog log,
      SigningKey key,
      Router router,
      java.util.Optional<dev.teepol.kms.broker.KeyBroker> broker) {
    this.config = config;
    this.jetty = jetty;
    this.connector = connector;
    this.registry = registry;
    this.watcher = watcher;
    this.pool = pool;
    this.draining = draining;
    this.log = log;
    this.key = key;
    this.router = router;
    this.broker = broker;
  }

  /** Starting failed: the message names the file or setting and what is wrong. */
  public static final class StartException extends Exception {
    public StartException(String message) {
      super(message);
    }

    public StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Starts with JSON logs on standard output. */
  public static TeepolServer start(ServerConfig config) throws StartException {
    Consumer<String> out =
        line -> {
          synchronized (System.out) {
            System.out.println(line);
          }
        };
    return start(config, out);
  }

  /**
   * Loads keys and policies (a directory that does not load is a start-up error), then listens.
   *
   * @param logSink receives every access-log and event line (JSON)
   */
  public static TeepolServer start(ServerConfig config, Consumer<String> logSink)
      throws StartException {
    ServiceLog log = new ServiceLog(logSink, config.clock());
    SigningKey key = signingKey(config, log);
    EarSigner ear = new EarSigner(key, "teepol " + version());
    Challenges challenges =
        new Challenges(
            challengeKey(config, key, log),
            config.clock(),
            config.challengeTtl(),
            Challenges.DEFAULT_MAX_OUTSTANDING);

    // One provider set for every policy: the TDX provider's verified-collateral and PCK-chain
    // caches serve all of them.
    Providers providers = Providers.load();
    AtomicInteger served = new AtomicInteger();
    // The metrics read the served set, which the registry built with those metrics holds.
    AtomicReference<PolicyRegistry> registryRef = new AtomicReference<>();
    ServiceMetrics metrics = new ServiceMetrics(() -> cacheStats(registryRef.get()), served::get);
    Supplier<TeepolVerifier.Builder> verifiers = () -> verifierBuilder(config, providers, metrics);
    PolicyDirectory dir =
        new PolicyDirectory(
            config.policies(),
            verifiers,
            config.limits(),
            config.clock(),
            config.bundleSigners(),
            config.bundleVersionFile());
    PolicyRegistry registry =
        new PolicyRegistry(
            dir,
            config.clock(),
            o -> {
              metrics.reload(o.ok());
              PolicyRegistry r = registryRef.get();
              reported(log, o, r != null && r.current() != null);
              if (r != null && r.current() != null) {
                served.set(r.current().byName().size());
              }
            });
    registryRef.set(registry);
    try {
      PolicySet set = registry.loadInitial();
      served.set(set.byName().size());
    } catch (PolicyLoadException e) {
      throw new StartException(
          config.policies()
              + ": the policies cannot be served:\n"
              + String.join("\n", e.problems()));
    } catch (dev.teepol.verifier.TeepolConfigurationException e) {
      throw new StartException(e.getMessage(), e);
    }

    // Verifications run here, with no queue. The admission slots bound how many run at once; the
    // pool has room for twice as many threads because a worker that has just finished a task is
    // not back waiting for the next one at once, and a SynchronousQueue would then refuse a task
    // the slots admitted (the load benchmark saw exactly that as spurious 503s).
    ExecutorService pool =
        new ThreadPoolExecutor(
            config.maxConcurrent(),
            2 * config.maxConcurrent(),
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "teepol-verify");
              t.setDaemon(true);
              return t;
            });
    AtomicBoolean draining = new AtomicBoolean();
    byte[] openapi = OpenApi.document();
    java.util.Optional<dev.teepol.kms.broker.KeyBroker> broker;
    try {
      broker = keyBroker(config, providers, log);
    } catch (StartException e) {
      pool.shutdownNow();
      throw e;
    }
    Api api = new Api(config, registry, challenges, ear, metrics, pool, draining, openapi, broker);
    Router router =
        new Router(
            api.routes(),
            config.limits().maxRequestBytes(),
            metrics,
            new AccessLog(logSink),
            config.clock());

    // Bounded everywhere: threads, their job queue, header sizes, idle connections. Enough threads
    // that the admission slots (which answer 503 at once) are what limits, never a thread queue.
    QueuedThreadPool threads =
        new QueuedThreadPool(
            6 * config.maxConcurrent() + 16, 4, 60_000, new BlockingArrayQueue<>(64, 64, 1024));
    threads.setName("teepol-http");
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    ServerConnector connector;
    try {
      connector = connector(jetty, http, config);
    } catch (IOException e) {
      throw new StartException(e.getMessage(), e);
    }
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(30_000);
    connector.setAcceptQueueSize(128);
    jetty.addConnector(connector);
    jetty.setHandler(new GracefulHandler(router));
    jetty.setStopTimeout(config.drainTimeout().toMillis());
    jetty.setStopAtShutdown(false);
    try {
      jetty.start();
    } catch (Exception e) {
      pool.shutdownNow();
      broker.ifPresent(b -> b.store().close());
      throw new StartException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    PolicyWatcher watcher = new PolicyWatcher(registry, config.reloadInterval());
    watcher.start();
    TeepolServer s =
        new TeepolServer(
            config, jetty, connector, registry, watcher, pool, draining, log, key, router, broker);
    log.event(
        "info",
        "listening",
        Map.of(
            "url", s.uri().toString(),
            "policies", String.join(",", registry.current().byName().keySet()),
            "signing_key_id", key.keyId()));
    return s;
  }

  private static ServerConnector connector(Server jetty, HttpConfiguration http, ServerConfig c)
      throws IOException {
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    if (c.tlsCertificate().isEmpty()) {
      // Cleartext HTTP/1.1 and HTTP/2 (h2c, prior knowledge or upgrade), for a service behind a
      // TLS-terminating proxy or on loopback.
      return new ServerConnector(jetty, h1, new HTTP2CServerConnectionFactory(http));
    }
    KeyStore ks = PemTls.keyStore(c.tlsCertificate().get(), c.tlsKey().get());
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(ks);
    ssl.setKeyStorePassword("");
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    http.addCustomizer(new SecureRequestCustomizer());
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(h1.getProtocol());
    SslConnectionFactory tls = new SslConnectionFactory(ssl, alpn.getProtocol());
    return new ServerConnector(jetty, tls, alpn, h2, h1);
  }

  /**
   * The key broker when {@code kms} is configured: its store opened (and migrated) and its master
   * keys read now, so a missing key or an unreachable database stops the start, not a release.
   */
  private static java.util.Optional<dev.teepol.kms.broker.KeyBroker> keyBroker(
      ServerConfig c, Providers providers, ServiceLog log) throws StartException {
    if (c.kms().isEmpty()) {
      return java.util.Optional.empty();
    }
    dev.teepol.kms.KmsSettings k = c.kms().get().withEnvironment(System.getenv());
    dev.teepol.kms.crypto.Keyring keys;
    try {
      keys = k.keyring(System.getenv());
    } catch (IOException | IllegalArgumentException e) {
      throw new StartException("kms: " + e.getMessage());
    }
    dev.teepol.kms.store.KmsStore store;
    try {
      store =
          dev.teepol.kms.store.KmsStore.open(
              k.jdbcUrl(), k.user(), k.password(), Math.max(4, c.maxConcurrent()));
    } catch (RuntimeException e) {
      throw new StartException("kms: cannot open the store: " + e.getMessage(), e);
    }
    log.event("info", "kms", Map.of("store", store.where(), "master_key_id", keys.current().kid()));
    return java.util.Optional.of(
        dev.teepol.kms.broker.KeyBroker.builder()
            .store(store)
            .keyring(keys)
            .clock(c.clock())
            .providers(providers)
            .limits(c.limits())
            .nonceTtl(k.nonceTtl())
            .rateLimit(k.releasesPerWindow(), k.window())
            .audience(k.audience())
            .verifierSetup(
                b -> {
                  c.collateralDirectory().ifPresent(b::collateralDirectory);
                  c.pcs().ifPresent(b::pcs);
                  c.nrasDirectory().ifPresent(b::nrasDirectory);
                  if (c.nrasLive()) {
                    b.nrasLive();
                  }
                  c.trustAnchors().forEach(b::trustAnchor);
                })
            .build());
  }

  static TeepolVerifier.Builder verifierBuilder(
      ServerConfig c, Providers providers, ServiceMetrics metrics) {
    TeepolVerifier.Builder b =
        TeepolVerifier.builder()
            .providers(providers)
            .limits(c.limits())
            .clock(c.clock())
            .clockDescription("service clock")
            .collateralObserver(metrics::collateral);
    c.collateralDirectory().ifPresent(b::collateralDirectory);
    c.pcs().ifPresent(b::pcs);
    c.nrasDirectory().ifPresent(b::nrasDirectory);
    if (c.nrasLive()) {
      b.nrasLive();
    }
    c.trustAnchors().forEach(b::trustAnchor);
    if (!c.verdictCacheTtl().isZero()) {
      b.verdictCache(c.verdictCacheTtl());
    }
    return b;
  }

  private static VerdictCacheStats cacheStats(PolicyRegistry r) {
    if (r == null || r.current() == null) {
      return VerdictCacheStats.NONE;
    }
    long hits = 0;
    long misses = 0;
    long uncacheable = 0;
    int size = 0;
    int capacity = 0;
    for (LoadedPolicy p : r.current().all()) {
      VerdictCacheStats s = p.verifier().verdictCacheStats();
      hits += s.hits();
      misses += s.misses();
      uncacheable += s.uncacheable();
      size += s.size();
      capacity += s.capacity();
    }
    return new VerdictCacheStats(hits, misses, uncacheable, size, capacity);
  }

  private static void reported(ServiceLog log, ReloadOutcome o, boolean serving) {
    if (o.ok()) {
      log.event("info", "policies loaded", Map.of("digest", o.digest()));
    } else {
      log.event(
          "error",
          serving
              ? "policy directory refused; the previous set stays served"
              : "policy directory refused; nothing to serve",
          Map.of("problems", String.join("\n", o.problems())));
    }
  }

  private static SigningKey signingKey(ServerConfig c, ServiceLog log) throws StartException {
    if (c.signingKey().isPresent()) {
      try {
        return SigningKey.read(c.signingKey().get());
      } catch (SigningKey.KeyException e) {
        throw new StartException(e.getMessage());
      }
    }
    log.warn(
        "no --signing-key: attestation results are signed with an ephemeral P-256 key that lives"
            + " as long as this process; replicas do not share it");
    return SigningKey.generate();
  }

  private static byte[] challengeKey(ServerConfig c, SigningKey key, ServiceLog log)
      throws StartException {
    if (c.challengeKey().isPresent()) {
      byte[] k;
      try {
        k = BoundedFiles.read(c.challengeKey().get(), 4096, "challenge key");
      } catch (IOException | dev.teepol.core.limits.LimitExceededException e) {
        throw new StartException(c.challengeKey().get() + ": " + e.getMessage());
      }
      if (k.length < Challenges.MIN_KEY_BYTES) {
        throw new StartException(
            c.challengeKey().get()
                + ": a challenge key needs at least "
                + Challenges.MIN_KEY_BYTES
                + " bytes (e.g. head -c 32 /dev/urandom)");
      }
      return k;
    }
    if (!key.ephemeral()) {
      return key.derive("challenge key v1");
    }
    log.warn("no challenge key: challenges are valid on this process only");
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /** The version of this build ("0.1.0-SNAPSHOT"). */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = TeepolServer.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unknown
    }
    return p.getProperty("version", "unknown");
  }

  /** The port listened on (the chosen one when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public URI uri() {
    String scheme = config.tlsCertificate().isPresent() ? "https" : "http";
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create(scheme + "://" + host + ":" + port());
  }

  public PolicyRegistry policies() {
    return registry;
  }

  /** Loads the policy directory again now (SIGHUP does this). */
  public ReloadOutcome reloadPolicies() {
    return registry.reload(true);
  }

  public SigningKey signingKey() {
    return key;
  }

  /** The routes served, for the OpenAPI test. */
  public List<dev.teepol.server.http.Route> routes() {
    return router.routes();
  }

  /**
   * Reload on SIGHUP, where the JVM offers signals (through {@code sun.misc.Signal}, reached by
   * reflection so the build needs no internal API). Returns whether it was installed.
   */
  public boolean reloadOnSighup() {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      Object h =
          java.lang.reflect.Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  Thread t = new Thread(this::reloadPolicies, "teepol-sighup-reload");
                  t.setDaemon(true);
                  t.start();
                }
                return null;
              });
      signal.getMethod("handle", signal, handler).invoke(null, hup, h);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.warn("SIGHUP reload is not available on this JVM: " + e);
      return false;
    }
  }

  /**
   * Stops gracefully: /readyz turns 503 and new requests are refused, requests in flight finish (up
   * to the drain timeout), then the listener closes.
   */
  @Override
  public void close() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    log.info("draining");
    watcher.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("stopping: " + e.getMessage());
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    PolicySet set = registry.current();
    if (set != null) {
      set.all().forEach(p -> p.verifier().close());
    }
    broker.ifPresent(b -> b.store().close());
    log.info("stopped");
  }

  /** The policy directory served. */
  public Path policyDirectory() {
    return config.policies();
  }
}
