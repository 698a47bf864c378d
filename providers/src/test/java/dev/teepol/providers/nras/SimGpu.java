package dev.teepol.providers.nras;

import dev.teepol.providers.tdx.sim.SimKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A simulated NVIDIA GPU's identity as the two sides state it: the device certificate chain a NEAR
 * payload entry carries ({@code certificate}: base64 of a PEM chain, leaf first) and the {@code
 * ueid} NRAS writes into the GPU's token (the leaf certificate's serial number, in decimal, as in
 * every real token of the corpus).
 *
 * @param certificateBase64 what {@code evidence_list[i].certificate} holds
 */
public record SimGpu(BigInteger serial, String certificateBase64) {
  private static final X500Name DEVICE_CA =
      new X500Name("CN=Teepol Test GH100 Device Identity CA,O=Teepol Test");

  public String ueid() {
    return serial.toString();
  }

  /** {@code count} GPUs of the machine called {@code machine}: same machine, same serials. */
  public static List<SimGpu> of(String machine, int count) {
    SimKey ca = SimKey.derive("teepol-sim-gpu", "device-ca");
    X509Certificate caCert = cert(DEVICE_CA, ca, BigInteger.ONE, DEVICE_CA, ca, true);
    List<SimGpu> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BigInteger serial =
          new BigInteger(1, sha256(machine + "/" + i)).shiftRight(96); // 160 bits, as NVIDIA's
      SimKey key = SimKey.derive("teepol-sim-gpu", machine + "/" + i);
      X500Name leaf =
          new X500Name(
              "CN=Teepol Test GH100 A01 GSP FMC LF,O=Teepol Test,SERIALNUMBER="
                  + serial.toString(16));
      out.add(
          new SimGpu(
              serial,
              Base64.getEncoder()
                  .encodeToString(pem(cert(leaf, key, serial, DEVICE_CA, ca, false), caCert))));
    }
    return List.copyOf(out);
  }

  private static X509Certificate cert(
      X500Name subject,
      SimKey subjectKey,
      BigInteger serial,
      X500Name issuer,
      SimKey issuerKey,
      boolean isCa) {
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              serial,
              Date.from(SimNrasPki.NOT_BEFORE),
              Date.from(SimNrasPki.NOT_AFTER),
              subject,
              subjectKey.publicKey());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      return new JcaX509CertificateConverter().getCertificate(b.build(issuerKey.contentSigner()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] pem(X509Certificate... certs) {
    StringBuilder sb = new StringBuilder();
    Base64.Encoder enc = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (X509Certificate c : certs) {
      try {
        sb.append("-----BEGIN CERTIFICATE-----\n")
            .append(enc.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
