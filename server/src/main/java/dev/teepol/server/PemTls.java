package dev.teepol.server;

import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.io.BoundedFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS from PEM files, as operators have them (cert-manager, Let's Encrypt): a certificate chain,
 * leaf first, and its unencrypted private key (PKCS#8, SEC1 EC or PKCS#1 RSA). Turned into an
 * in-memory key store for Jetty; nothing is written to disk.
 */
final class PemTls {
  static final int MAX_PEM_BYTES = 256 << 10;
  static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  static KeyStore keyStore(Path certFile, Path keyFile) throws IOException {
    String certPem = new String(read(certFile, "TLS certificate"), StandardCharsets.US_ASCII);
    List<X509Certificate> chain;
    try {
      chain = Certificates.parsePemChain(certPem, 16);
    } catch (GeneralSecurityException e) {
      throw new IOException(certFile + ": not a PEM certificate chain: " + e.getMessage());
    }
    if (chain.isEmpty()) {
      throw new IOException(certFile + ": no certificate");
    }
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("teepol", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          keyFile + ": the key does not go with " + certFile + ": " + e.getMessage());
    }
  }

  private static byte[] read(Path file, String what) throws IOException {
    try {
      return BoundedFiles.read(file, MAX_PEM_BYTES, what);
    } catch (dev.teepol.core.limits.LimitExceededException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    String pem = new String(read(file, "TLS key"), StandardCharsets.US_ASCII);
    Object o;
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      o = p.readObject();
    }
    PrivateKeyInfo info;
    if (o instanceof PEMKeyPair kp) {
      info = kp.getPrivateKeyInfo();
    } else if (o instanceof PrivateKeyInfo i) {
      info = i;
    } else {
      throw new IOException(file + ": not an unencrypted PEM private key");
    }
    return jdkKey(info, file);
  }

  /**
   * The key as the JDK's own provider reads it (what TLS signs with). Bouncy Castle decodes every
   * PEM shape (SEC1 keys name their curve inside the key, which the JDK does not read); its PKCS#8
   * re-encoding names it in the algorithm identifier, which the JDK does.
   */
  static PrivateKey jdkKey(PrivateKeyInfo info, Path file) throws IOException {
    try {
      PrivateKey bc =
          new JcaPEMKeyConverter()
              .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
              .getPrivateKey(info);
      String alg = bc.getAlgorithm().equals("ECDSA") ? "EC" : bc.getAlgorithm();
      return java.security.KeyFactory.getInstance(alg)
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(bc.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(file + ": unusable private key: " + e.getMessage());
    }
  }
}
