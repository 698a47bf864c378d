package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.teepol.server.http.Route;
import dev.teepol.server.policy.PolicyDirectory;
import dev.teepol.server.policy.PolicySet;
import dev.teepol.verifier.TeepolVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ agrees with the server: ports, probe paths, environment names, the config file and its
 * mounted paths, the secret's file names, drain time, and the shipped policy compiles.
 */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("..", "deploy");
  static final Path K8S = DEPLOY.resolve("kubernetes");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Map<String, JsonNode> byKindName = new HashMap<>();

  @TempDir Path tmp;

  @BeforeAll
  static void read() throws Exception {
    for (String f :
        List.of(
            "namespace.yaml",
            "configmap.yaml",
            "deployment.yaml",
            "service.yaml",
            "hpa.yaml",
            "pdb.yaml")) {
      try (var docs = YAML.readerFor(JsonNode.class).readValues(K8S.resolve(f).toFile())) {
        while (docs.hasNext()) {
          JsonNode d = (JsonNode) docs.next();
          byKindName.put(
              d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), d);
        }
      }
    }
  }

  static JsonNode get(String kindName) {
    JsonNode n = byKindName.get(kindName);
    assertThat(n).as(kindName).isNotNull();
    return n;
  }

  static JsonNode container() {
    return get("Deployment/teepol").at("/spec/template/spec/containers/0");
  }

  static ServerConfig serveYaml(Map<String, String> env) throws Exception {
    String text = get("ConfigMap/teepol-config").at("/data/serve.yaml").asText();
    Path f = Files.createTempFile("serve", ".yaml");
    Files.writeString(f, text);
    return ServerConfigFile.read(f, env, ServerConfig.builder(Path.of("."))).build();
  }

  static Map<String, String> containerEnv() {
    Map<String, String> env = new HashMap<>();
    container()
        .path("env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  @Test
  void everyEnvironmentVariableIsOneTheServerReads() {
    Set<String> names = containerEnv().keySet();
    assertThat(names).isNotEmpty();
    assertThat(ServerConfigFile.ENVIRONMENT.keySet()).containsAll(names);
  }

  @Test
  void portsAgreeFromListenAddressToService() throws Exception {
    ServerConfig c = serveYaml(containerEnv());
    JsonNode port = container().at("/ports/0");
    assertThat(port.path("containerPort").asInt()).isEqualTo(c.port());
    assertThat(c.host()).as("reachable from other pods").isEqualTo("0.0.0.0");
    String name = port.path("name").asText();
    assertThat(get("Service/teepol").at("/spec/ports/0/targetPort").asText()).isEqualTo(name);
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("EXPOSE " + c.port())
        .contains("/dev/tcp/127.0.0.1/" + c.port());
  }

  @Test
  void probesUseTheServersHealthEndpoints() throws Exception {
    Set<String> getRoutes;
    Fixture f = new Fixture(tmp).start();
    try {
      getRoutes =
          f.server.routes().stream()
              .filter(r -> r.method().equals("GET"))
              .map(Route::path)
              .collect(Collectors.toSet());
    } finally {
      f.close();
    }
    String portName = container().at("/ports/0/name").asText();
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      JsonNode p = container().path(probe).path("httpGet");
      assertThat(getRoutes).as(probe).contains(p.path("path").asText());
      assertThat(p.path("port").asText()).as(probe).isEqualTo(portName);
    }
    assertThat(container().at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container().at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("GET /healthz");
  }

  @Test
  void theConfigsFilesAreMountedFromTheConfigMapAndTheSecret() throws Exception {
    ServerConfig c = serveYaml(Map.of());
    Map<String, String> mounts = new HashMap<>();
    container()
        .path("volumeMounts")
        .forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
    Map<String, JsonNode> volumes = new HashMap<>();
    get("Deployment/teepol")
        .at("/spec/template/spec/volumes")
        .forEach(v -> volumes.put(v.path("name").asText(), v));

    List<String> args = new ArrayList<>();
    container().path("args").forEach(a -> args.add(a.asText()));
    assertThat(args).containsExactly("--config", "/etc/teepol/serve.yaml");
    assertThat(mounts).containsEntry("/etc/teepol/serve.yaml", "config");

    assertThat(mounts.get(c.policies().toString())).isEqualTo("policies");
    assertThat(volumes.get("policies").at("/configMap/name").asText()).isEqualTo("teepol-policies");

    Path keyDir = c.signingKey().orElseThrow().getParent();
    assertThat(c.challengeKey().orElseThrow().getParent()).isEqualTo(keyDir);
    assertThat(mounts.get(keyDir.toString())).isEqualTo("keys");
    String secret = volumes.get("keys").at("/secret/secretName").asText();
    JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
    JsonNode generator = kustomization.path("secretGenerator").get(0);
    assertThat(generator.path("name").asText()).isEqualTo(secret);
    List<String> files = new ArrayList<>();
    generator.path("files").forEach(x -> files.add(x.asText()));
    assertThat(files)
        .containsExactlyInAnyOrder(
            c.signingKey().get().getFileName().toString(),
            c.challengeKey().get().getFileName().toString());
    for (String f : files) {
      assertThat(Files.readString(Path.of("..", ".gitignore"))).contains("/deploy/kubernetes/" + f);
    }
    assertThat(mounts).containsEntry("/tmp", "tmp");
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootAndHaveTimeToDrain() throws Exception {
    JsonNode pod = get("Deployment/teepol").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(container().at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container().at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    ServerConfig c = serveYaml(Map.of());
    long preStop = 5;
    assertThat(Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong()))
        .isGreaterThan(c.drainTimeout().plusSeconds(preStop));
    assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("USER 10001");
  }

  @Test
  void theAutoscalerAndBudgetTargetTheDeployment() {
    JsonNode hpa = get("HorizontalPodAutoscaler/teepol");
    assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("teepol");
    assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
    JsonNode labels = get("Deployment/teepol").at("/spec/template/metadata/labels");
    assertThat(get("PodDisruptionBudget/teepol").at("/spec/selector/matchLabels"))
        .isEqualTo(labels);
    assertThat(get("Service/teepol").at("/spec/selector")).isEqualTo(labels);
    assertThat(get("Deployment/teepol").at("/spec/replicas").asInt())
        .isGreaterThanOrEqualTo(hpa.at("/spec/minReplicas").asInt());
  }

  @Test
  void theShippedPoliciesLoadAsAServedSet() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("policies"));
    get("ConfigMap/teepol-policies")
        .path("data")
        .fields()
        .forEachRemaining(
            e -> {
              try {
                Files.writeString(dir.resolve(e.getKey()), e.getValue().asText());
              } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
              }
            });
    PolicySet set =
        new PolicyDirectory(
                dir,
                TeepolVerifier::builder,
                dev.teepol.core.limits.Limits.DEFAULT,
                java.time.Clock.fixed(Fixture.AT, java.time.ZoneOffset.UTC))
            .load(Optional.empty());
    assertThat(set.byName()).containsKey("tdx-strict");
  }
}
