package dev.teepol.policy;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceProvider;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.policy.schema.EvidenceSchema;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a case of an example {@code .tests.yaml} suite into an {@link Appraisal}: normalized
 * fixtures by reflection over the core evidence records (so a fixture key the model does not have
 * is an error, exactly as a policy typo is), raw TDX evidence through the real provider.
 */
final class SuiteFixtures {
  private SuiteFixtures() {}

  /** The DESIGN §3 model in YAML → an appraisal; {@code checks} and {@code components} become provider results. */
  @SuppressWarnings("unchecked")
  static Appraisal normalized(Map<String, Object> yaml, String where) {
    Map<String, Object> rest = new LinkedHashMap<>(yaml);
    Object checks = rest.remove("checks");
    Object components = rest.remove("components");
    Evidence e = (Evidence) record(Evidence.class, rest, where);
    List<CheckResult> results = new ArrayList<>();
    if (checks != null) {
      ((Map<String, Object>) map(checks, where + ".checks")).forEach((id, v) -> {
        Map<String, Object> c = (Map<String, Object>) map(v, where + ".checks." + id);
        unknownKeys(c, List.of("outcome", "reason", "category"), where + ".checks." + id);
        String reason = String.valueOf(c.getOrDefault("reason", "fixture"));
        Outcome o = switch (String.valueOf(c.get("outcome"))) {
          case "PASS" -> Outcome.PASS;
          case "FAIL" -> Outcome.fail(reason);
          case "UNEVALUABLE" -> Outcome.unevaluable(reason);
          default -> throw new IllegalArgumentException(where + ".checks." + id + ".outcome must be PASS, FAIL or UNEVALUABLE");
        };
        CheckCategory cat = CheckCategory.valueOf(String.valueOf(c.getOrDefault("category", "BINDING")).toUpperCase(Locale.ROOT));
        results.add(new CheckResult(id, cat, o, o.passed() ? reason : ""));
      });
    }
    Map<String, Appraisal> comps = new LinkedHashMap<>();
    if (components != null) {
      ((Map<String, Object>) map(components, where + ".components"))
          .forEach((name, v) -> comps.put(name, normalized((Map<String, Object>) map(v, where + ".components." + name), where + ".components." + name)));
    }
    return new Appraisal(e, results, comps);
  }

  /** Raw evidence: {@code file}, {@code collateral}, {@code trustAnchor}, {@code nonce}, relative to the suite. */
  static Appraisal raw(Map<String, Object> ev, Path dir, Instant at, String where) throws Exception {
    unknownKeys(ev, List.of("file", "collateral", "trustAnchor", "at", "nonce"), where);
    EvidenceSource src = EvidenceSource.read(dir.resolve((String) ev.get("file")), Limits.DEFAULT);
    EvidenceProvider p = Providers.load().detect(src).orElseThrow(() -> new IllegalArgumentException(where + ": no provider recognizes " + ev.get("file")));
    TrustAnchors anchors = TrustAnchors.defaults();
    if (ev.get("trustAnchor") != null) {
      try (InputStream in = Files.newInputStream(dir.resolve((String) ev.get("trustAnchor")))) {
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        // The example PKI is a test root: it stands in for the Intel root, as --trust-anchor does for tdx.
        anchors = anchors.with(TrustAnchors.INTEL_SGX_ROOT, List.of(root));
      }
    }
    CollateralSource collateral = ev.get("collateral") == null ? CollateralSource.none()
        : new DirectoryCollateralSource(dir.resolve((String) ev.get("collateral")), Limits.DEFAULT);
    AppraisalContext ctx = new AppraisalContext(Clock.fixed(at, ZoneOffset.UTC), anchors, collateral, Optional.empty(), Limits.DEFAULT);
    if (ev.get("nonce") != null) {
      ctx = ctx.withExpectedNonce(Hex.decode((String) ev.get("nonce")));
    }
    return p.appraise(src, ctx);
  }

  @SuppressWarnings("unchecked")
  private static Object record(Class<?> type, Map<String, Object> yaml, String where) {
    RecordComponent[] rcs = type.getRecordComponents();
    unknownKeys(yaml, java.util.Arrays.stream(rcs).map(rc -> EvidenceSchema.fieldName(rc.getName())).toList(), where);
    Object[] args = new Object[rcs.length];
    Class<?>[] types = new Class<?>[rcs.length];
    for (int i = 0; i < rcs.length; i++) {
      String key = EvidenceSchema.fieldName(rcs[i].getName());
      types[i] = rcs[i].getType();
      args[i] = value(rcs[i].getGenericType(), yaml.get(key), where + "." + key);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(where + ": " + e, e);
    }
  }

  /** A YAML value (absent = empty) as the Java type of a record component. */
  @SuppressWarnings("unchecked")
  private static Object value(Type t, Object v, String where) {
    if (t instanceof Class<?> c) {
      if (c == String.class) {
        if (v != null && !(v instanceof String)) {
          // YAML reads 0000… or 1e5 as numbers; silently re-printing them would change the pin.
          throw new IllegalArgumentException(where + " must be a quoted string, found " + v);
        }
        return v == null ? "" : v;
      }
      if (c == boolean.class) {
        if (v != null && !(v instanceof Boolean)) {
          throw new IllegalArgumentException(where + " must be true or false, found '" + v + "'");
        }
        return v != null && (Boolean) v;
      }
      if (c == int.class) {
        return v == null ? 0 : ((Number) v).intValue();
      }
      if (c == long.class) {
        return v == null ? 0L : ((Number) v).longValue();
      }
      if (c == Binding.class) {
        return binding(v, where);
      }
      if (c.isRecord()) {
        return record(c, v == null ? Map.of() : (Map<String, Object>) map(v, where), where);
      }
    } else if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] a = p.getActualTypeArguments();
      if (raw == Optional.class) {
        return v == null ? Optional.empty() : Optional.of(Instant.parse(String.valueOf(v)));
      }
      if (raw == List.class) {
        List<Object> out = new ArrayList<>();
        if (v != null) {
          if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(where + " must be a list");
          }
          for (int i = 0; i < l.size(); i++) {
            out.add(value(a[0], l.get(i), where + "[" + i + "]"));
          }
        }
        return out;
      }
      if (raw == Map.class) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v != null) {
          ((Map<String, Object>) map(v, where)).forEach((k, x) -> out.put(k, value(a[1], x, where + "." + k)));
        }
        return out;
      }
    }
    throw new IllegalStateException(where + ": no fixture mapping for " + t);
  }

  private static Binding binding(Object v, String where) {
    for (Binding b : Binding.values()) {
      if (b.label().equals(v)) {
        return b;
      }
    }
    throw new IllegalArgumentException(where + ": unknown binding '" + v + "' (one of " + EvidenceSchema.bindingLabels() + ")");
  }

  private static Map<?, ?> map(Object v, String where) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(where + " must be a map, found " + v);
  }

  static void unknownKeys(Map<String, Object> m, List<String> allowed, String where) {
    for (String k : m.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown key '" + k + "' (allowed: " + allowed + ")");
      }
    }
  }
}
