package dev.teepol.verifier.json;

import static dev.teepol.verifier.json.JsonOut.JSON;

import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.policy.schema.EvidenceValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of checks and normalized evidence (docs/verdict-schema.md). Field names are part
 * of the schema: scripts and the corpus conformance test read them.
 */
public final class AppraisalJson {
  private AppraisalJson() {}

  public static JsonArray checks(List<CheckResult> checks) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    for (CheckResult c : checks) {
      a.add(
          JSON.createObjectBuilder()
              .add("id", c.id())
              .add("category", c.category().name())
              .add("outcome", c.outcome().label())
              .add("reason", c.explanation())
              .add("source", c.source()));
    }
    return a.build();
  }

  /**
   * Policy outputs as JSON: the evaluator yields only strings, numbers, booleans, lists and maps.
   */
  public static JsonValue value(Object v) {
    if (v == null) {
      return JsonValue.NULL;
    }
    if (v instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    if (v instanceof Long l) {
      return JSON.createValue(l);
    }
    if (v instanceof Integer i) {
      return JSON.createValue(i);
    }
    if (v instanceof Double d) {
      return JSON.createValue(d);
    }
    if (v instanceof List<?> l) {
      JsonArrayBuilder a = JSON.createArrayBuilder();
      l.forEach(x -> a.add(value(x)));
      return a.build();
    }
    if (v instanceof Map<?, ?> m) {
      JsonObjectBuilder o = JSON.createObjectBuilder();
      m.forEach((k, x) -> o.add(String.valueOf(k), value(x)));
      return o.build();
    }
    return JSON.createValue(String.valueOf(v));
  }

  public static JsonObject outputs(Map<String, Object> outputs) {
    JsonObjectBuilder o = JSON.createObjectBuilder();
    outputs.forEach((k, x) -> o.add(k, value(x)));
    return o.build();
  }

  public static JsonObject measurements(Map<String, String> m) {
    JsonObjectBuilder b = JSON.createObjectBuilder();
    m.forEach(b::add);
    return b.build();
  }

  public static JsonArray strings(List<String> values) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    values.forEach(a::add);
    return a.build();
  }

  public static JsonObject tcb(Tcb tcb) {
    JsonObjectBuilder components = JSON.createObjectBuilder();
    new TreeMap<>(tcb.components()).forEach(components::add);
    return JSON.createObjectBuilder()
        .add("status", tcb.status())
        .add("advisory_ids", strings(tcb.advisoryIds()))
        .add("tcb_date", JsonOut.instant(tcb.tcbDate()))
        .add("eval_data_number", tcb.evalDataNumber())
        .add("components", components)
        .build();
  }

  public static JsonObject collateral(CollateralInfo c) {
    return JSON.createObjectBuilder()
        .add("source", c.source())
        .add("issued_at", JsonOut.instant(c.issuedAt()))
        .add("next_update", JsonOut.instant(c.nextUpdate()))
        .build();
  }

  /**
   * The normalized evidence of an appraisal and of its components, recursively: exactly the model
   * policies see (docs/evidence-model.md, the same field names as CEL), with absent timestamps as
   * {@code null}, plus what reports add: {@code nonce.state}, {@code genuine} and {@code
   * components}.
   *
   * @param a the appraisal
   * @return its evidence as JSON
   */
  public static JsonObject evidence(Appraisal a) {
    JsonObjectBuilder o = JSON.createObjectBuilder();
    EvidenceValues.of(a).forEach((k, v) -> o.add(k, k.equals("nonce") ? nonce(a, v) : model(v)));
    JsonObjectBuilder components = JSON.createObjectBuilder();
    new TreeMap<>(a.components()).forEach((name, c) -> components.add(name, evidence(c)));
    return o.add("genuine", a.genuine()).add("components", components).build();
  }

  private static JsonValue nonce(Appraisal a, Object v) {
    JsonObjectBuilder n = JSON.createObjectBuilder((JsonObject) model(v));
    return n.add("state", a.evidence().nonce().state().token()).build();
  }

  /**
   * A CEL runtime value of the evidence model as JSON; the epoch is the model's "absent" timestamp.
   */
  private static JsonValue model(Object v) {
    if (v instanceof Instant i) {
      return i.equals(Instant.EPOCH) ? JsonValue.NULL : JSON.createValue(i.toString());
    }
    if (v instanceof Map<?, ?> m) {
      JsonObjectBuilder o = JSON.createObjectBuilder();
      m.forEach((k, x) -> o.add(String.valueOf(k), model(x)));
      return o.build();
    }
    if (v instanceof List<?> l) {
      JsonArrayBuilder arr = JSON.createArrayBuilder();
      l.forEach(x -> arr.add(model(x)));
      return arr.build();
    }
    return value(v);
  }
}
