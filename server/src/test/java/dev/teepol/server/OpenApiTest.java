package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.server.http.Route;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document describes exactly the routes served: paths, methods and status codes. */
class OpenApiTest {
  @TempDir Path tmp;

  @Test
  void theDocumentServedEqualsTheRouteTable() throws Exception {
    try (Fixture f = new Fixture(tmp).start()) {
      var r = f.get("/openapi.json");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject doc =
          Json.createReader(new ByteArrayInputStream(r.body().getBytes())).readObject();
      assertThat(doc.getString("openapi")).startsWith("3.1");
      JsonObject paths = doc.getJsonObject("paths");

      Set<String> documented = new TreeSet<>();
      paths.forEach(
          (path, item) ->
              item.asJsonObject()
                  .forEach(
                      (method, op) ->
                          op.asJsonObject()
                              .getJsonObject("responses")
                              .keySet()
                              .forEach(
                                  status ->
                                      documented.add(
                                          method.toUpperCase() + " " + path + " " + status))));
      Set<String> served = new TreeSet<>();
      for (Route route : f.server.routes()) {
        route.statuses().forEach(s -> served.add(route.method() + " " + route.path() + " " + s));
      }
      assertThat(documented).isEqualTo(served);
      // Every schema reference resolves.
      Set<String> refs =
          java.util.regex.Pattern.compile("\"\\$ref\":\"#/components/([a-z]+)/([A-Za-z]+)\"")
              .matcher(r.body().replace(" ", ""))
              .results()
              .map(m -> m.group(1) + "/" + m.group(2))
              .collect(Collectors.toSet());
      assertThat(refs).isNotEmpty();
      for (String ref : refs) {
        String[] p = ref.split("/");
        assertThat(doc.getJsonObject("components").getJsonObject(p[0]).containsKey(p[1]))
            .as(ref)
            .isTrue();
      }
    }
  }
}
