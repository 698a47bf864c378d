package dev.teepol.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  @Test
  void verifiesOnlyTheSignedMessageUnderTheRightKey() {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new byte[32], 0);
    byte[] msg = "model:req:resp".getBytes(StandardCharsets.UTF_8);
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(msg, 0, msg.length);
    byte[] sig = s.generateSignature();
    byte[] pub = key.generatePublicKey().getEncoded();
    assertThat(Ed25519.verify(pub, sig, msg)).isTrue();
    assertThat(Ed25519.verify(pub, sig, "model:req:other".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    Ed25519PrivateKeyParameters other =
        new Ed25519PrivateKeyParameters(new SecureRandom(new byte[] {1}));
    assertThat(Ed25519.verify(other.generatePublicKey().getEncoded(), sig, msg)).isFalse();
    assertThat(Ed25519.verify(new byte[31], sig, msg)).isFalse();
  }
}
