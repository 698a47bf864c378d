package dev.teepol.kms.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.teepol.core.limits.Limits;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Release bodies, damaged or hostile: a request or a BadRequest naming the member, nothing else.
 */
class ReleaseRequestRobustnessTest {
  static final String VALID =
      "{\"secret\":\"app-env\",\"evidence\":\"AAEC\",\"nonce\":\""
          + java.util.Base64.getEncoder().encodeToString(new byte[32])
          + "\",\"recipient\":{\"kem\":\"X25519\",\"key\":\""
          + java.util.Base64.getEncoder().encodeToString(new byte[32])
          + "\"}}";

  @Test
  void theValidBodyParses() throws Exception {
    ReleaseRequest r = ReleaseRequest.parse(VALID.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT);
    assertThat(r.secret()).isEqualTo("app-env");
  }

  @Test
  void eachDefectIsNamed() {
    assertBad(VALID.replace("\"secret\":\"app-env\"", "\"secret\":\"../etc\""), "secret name");
    assertBad(VALID.replace("X25519", "RSA"), "recipient.kem");
    assertBad(VALID.replace("\"evidence\"", "\"evidense\""), "unknown member 'evidense'");
    assertBad(VALID.replace("AAEC", "%%%"), "'evidence' is not base64");
    assertBad(VALID.replace("\"nonce\":\"", "\"nonce\":\"AAAA"), "'nonce'");
    assertBad("[1,2]", "not a JSON object");
    assertBad(VALID.replace("\"key\":\"", "\"key\":\"AAAA"), "recipient.key");
    // 65 bytes that are no point on P-256.
    assertBad(
        VALID
            .replace("X25519", "P-256")
            .replace(
                "\"key\":\"" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                "\"key\":\"" + java.util.Base64.getEncoder().encodeToString(p256NotOnCurve())),
        "not a P-256 public key");
  }

  static byte[] p256NotOnCurve() {
    byte[] k = new byte[65];
    k[0] = 4;
    k[64] = 1;
    return k;
  }

  static void assertBad(String body, String mention) {
    assertThatThrownBy(
            () -> ReleaseRequest.parse(body.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT))
        .isInstanceOf(ReleaseRequest.BadRequest.class)
        .hasMessageContaining(mention);
  }

  @Provide
  Arbitrary<byte[]> damaged() {
    byte[] v = VALID.getBytes(StandardCharsets.UTF_8);
    return Arbitraries.integers()
        .between(0, v.length - 1)
        .flatMap(
            at ->
                Arbitraries.integers()
                    .between(0, 255)
                    .map(
                        x -> {
                          byte[] b = v.clone();
                          b[at] = (byte) (int) x;
                          return b;
                        }));
  }

  @Property(tries = 300)
  void damagedBodiesGiveARequestOrABadRequest(@ForAll("damaged") byte[] body) {
    try {
      ReleaseRequest.parse(body, Limits.DEFAULT);
    } catch (ReleaseRequest.BadRequest e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 200)
  void randomBytesGiveABadRequest(@ForAll byte[] body) {
    try {
      ReleaseRequest.parse(body, Limits.DEFAULT);
    } catch (ReleaseRequest.BadRequest e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
