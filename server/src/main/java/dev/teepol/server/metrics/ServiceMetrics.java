package dev.teepol.server.metrics;

import dev.teepol.verifier.CollateralFetch;
import dev.teepol.verifier.VerdictCacheStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics, in a registry of its own (nothing JVM-global), served as text
 * at /metrics. Names and labels are listed in docs/service.md; label values are bounded sets
 * (endpoint paths of the route table, status codes, policy names of the served set, decisions,
 * collateral request types), never caller input.
 */
public final class ServiceMetrics {
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Histogram requestSeconds;
  private final Counter decisions;
  private final Histogram verifySeconds;
  private final Counter collateral;
  private final Counter overloaded;
  private final Counter reloads;
  private final Gauge inFlight;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  /**
   * @param cache the summed verdict-cache statistics of the policies served now
   */
  public ServiceMetrics(Supplier<VerdictCacheStats> cache, Supplier<Integer> policies) {
    requests =
        Counter.builder()
            .name("teepol_http_requests_total")
            .help("HTTP requests by endpoint and status code")
            .labelNames("endpoint", "status")
            .register(registry);
    requestSeconds =
        Histogram.builder()
            .name("teepol_http_request_duration_seconds")
            .help("HTTP request latency by endpoint, from the first byte read to the last written")
            .labelNames("endpoint")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    decisions =
        Counter.builder()
            .name("teepol_verifications_total")
            .help("Verdicts by policy, decision and whether the verdict cache answered")
            .labelNames("policy", "decision", "cached")
            .register(registry);
    verifySeconds =
        Histogram.builder()
            .name("teepol_verification_duration_seconds")
            .help("Time to a verdict (appraisal and policy, or a cache lookup) by policy")
            .labelNames("policy", "cached")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    collateral =
        Counter.builder()
            .name("teepol_collateral_fetches_total")
            .help("Collateral requests to the configured sources by type, source and result")
            .labelNames("type", "source", "result")
            .register(registry);
    overloaded =
        Counter.builder()
            .name("teepol_rejected_total")
            .help("Requests refused with 503 by reason (overloaded, timeout, draining)")
            .labelNames("reason")
            .register(registry);
    reloads =
        Counter.builder()
            .name("teepol_policy_reloads_total")
            .help("Policy directory loads by result (ok: served; failed: the old set stays)")
            .labelNames("result")
            .register(registry);
    inFlight =
        Gauge.builder()
            .name("teepol_verifications_in_flight")
            .help("Verifications running now")
            .register(registry);
    CounterWithCallback.builder()
        .name("teepol_verdict_cache_hits_total")
        .help("Verifications answered by the verdict cache")
        .callback(cb -> cb.call(cache.get().hits()))
        .register(registry);
    CounterWithCallback.builder()
        .name("teepol_verdict_cache_misses_total")
        .help("Verifications the verdict cache could not answer")
        .callback(cb -> cb.call(cache.get().misses()))
        .register(registry);
    CounterWithCallback.builder()
        .name("teepol_verdict_cache_uncacheable_total")
        .help("Verdicts that could not be kept (UNEVALUABLE check, unknown time horizon)")
        .callback(cb -> cb.call(cache.get().uncacheable()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("teepol_verdict_cache_entries")
        .help("Verdicts held by the verdict caches of the served policies")
        .callback(cb -> cb.call(cache.get().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("teepol_policies_served")
        .help("Policies in the served set")
        .callback(cb -> cb.call(policies.get()))
        .register(registry);
  }

  public void request(String endpoint, int status, Duration took) {
    requests.labelValues(endpoint, Integer.toString(status)).inc();
    requestSeconds.labelValues(endpoint).observe(seconds(took));
  }

  public void verdict(String policy, String decision, boolean cached, Duration took) {
    decisions.labelValues(policy, decision, Boolean.toString(cached)).inc();
    verifySeconds.labelValues(policy, Boolean.toString(cached)).observe(seconds(took));
  }

  public void collateral(CollateralFetch f) {
    collateral.labelValues(f.type(), f.source(), f.result().name().toLowerCase()).inc();
  }

  public void rejected(String reason) {
    overloaded.labelValues(reason).inc();
  }

  public void reload(boolean ok) {
    reloads.labelValues(ok ? "ok" : "failed").inc();
  }

  public void inFlight(int delta) {
    inFlight.inc(delta);
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** The text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
