package dev.teepol.providers.nras;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.Decoded;
import dev.teepol.core.spi.EvidenceSource;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code teepol inspect} on NRAS responses: headers and claims, never a signature check. */
class NrasInspectionTest {
  private final NrasProvider provider = new NrasProvider();
  private final AppraisalContext offline =
      AppraisalContext.offline(Clock.fixed(SimNras.IAT, ZoneOffset.UTC));

  private Decoded.Group inspect(byte[] response) {
    return ((Decoded.Fields) provider.inspect(new EvidenceSource("r", response), offline)).root();
  }

  @Test
  void tokensSignedByAKeyNobodyTrustsAreDecodedAllTheSame() {
    ECKey stranger = SimNras.generate("stranger", Curve.P_384);
    Decoded.Group root = inspect(SimNras.signedBy(stranger, SimNras.IAT, SimNras.NONCE, 2));
    Decoded.Group overall = (Decoded.Group) root.fields().get("overall");
    assertThat(((Decoded.Group) overall.fields().get("header")).fields().get("kid"))
        .isEqualTo(new Decoded.Text("stranger"));
    Decoded.Group claims = (Decoded.Group) overall.fields().get("claims");
    assertThat(claims.fields().get("eat_nonce")).isEqualTo(new Decoded.Text(SimNras.NONCE));
    assertThat(claims.fields().get("x-nvidia-overall-att-result"))
        .isEqualTo(new Decoded.Bool(true));
    assertThat(((Decoded.Num) claims.fields().get("iat")).value().longValueExact())
        .isEqualTo(SimNras.IAT.getEpochSecond());
    Decoded.Group devices = (Decoded.Group) root.fields().get("devices");
    assertThat(devices.fields().keySet()).containsExactly("GPU-0", "GPU-1");
    assertThat(((Decoded.Group) devices.fields().get("GPU-1")).fields())
        .containsKeys("header", "claims", "signature");
  }

  @Test
  void aTokenPartThatIsNotBase64UrlJsonSaysSoInItsPlace() {
    Decoded.Group bad =
        NrasInspection.token("eyJhbGciOiJFUzM4NCJ9.!!!.AAAA", "$[0][1]", offline.limits());
    assertThat(bad.fields().get("header")).isEqualTo(Decoded.group().text("alg", "ES384").build());
    assertThat(((Decoded.Text) bad.fields().get("claims_error")).value())
        .contains("$[0][1] claims", "base64url");
    Decoded.Group notJson =
        NrasInspection.token("bm90IGpzb24.e30.", "$[1].GPU-0", offline.limits());
    assertThat(((Decoded.Text) notJson.fields().get("header_error")).value()).contains("GPU-0");
    assertThat(notJson.fields().get("claims")).isEqualTo(Decoded.group().build());
    Decoded.Group parts = NrasInspection.token("a.b", "$[0][1]", offline.limits());
    assertThat(((Decoded.Text) parts.fields().get("error")).value())
        .contains("3 parts, this has 2");
  }
}
