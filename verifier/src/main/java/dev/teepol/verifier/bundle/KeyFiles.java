package dev.teepol.verifier.bundle;

import dev.teepol.core.io.BoundedFiles;
import dev.teepol.core.limits.LimitExceededException;
import dev.teepol.core.limits.Limits;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM key files (what {@code openssl genpkey} writes): a PKCS#8 private key, or a public key
 * (SubjectPublicKeyInfo). Parsed by Bouncy Castle, never by hand.
 */
final class KeyFiles {
  private static final JcaPEMKeyConverter CONVERTER =
      new JcaPEMKeyConverter().setProvider(SignatureAlgorithm.BC);

  private KeyFiles() {}

  static PrivateKey privateKey(Path file) throws IOException {
    Object o = read(file);
    if (o instanceof PrivateKeyInfo pk) {
      return CONVERTER.getPrivateKey(pk);
    }
    if (o instanceof PEMKeyPair kp) {
      return CONVERTER.getKeyPair(kp).getPrivate();
    }
    throw new IOException(file + ": not an unencrypted PEM private key (BEGIN PRIVATE KEY)");
  }

  static PublicKey publicKey(Path file) throws IOException {
    Object o = read(file);
    if (o instanceof SubjectPublicKeyInfo spki) {
      return CONVERTER.getPublicKey(spki);
    }
    if (o instanceof org.bouncycastle.cert.X509CertificateHolder) {
      throw new IOException(
          file + ": a certificate; give the signer's public key (BEGIN PUBLIC KEY)");
    }
    throw new IOException(file + ": not a PEM public key (BEGIN PUBLIC KEY)");
  }

  private static Object read(Path file) throws IOException {
    String text;
    try {
      text = BoundedFiles.readUtf8(file, Limits.DEFAULT.maxAnchorBytes(), "key file");
    } catch (LimitExceededException e) {
      throw new IOException(e.getMessage(), e);
    }
    try (PEMParser p = new PEMParser(new StringReader(text))) {
      Object o = p.readObject();
      if (o == null) {
        throw new IOException(file + ": no PEM object in the file");
      }
      return o;
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a PEM key: " + e.getMessage(), e);
    }
  }
}
