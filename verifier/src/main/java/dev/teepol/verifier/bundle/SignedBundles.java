package dev.teepol.verifier.bundle;

import dev.teepol.core.crypto.Digests;
import dev.teepol.core.limits.Limits;
import dev.teepol.providers.sigstore.abi.Bundle;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * Signing and verifying policy bundles as DSSE envelopes (the Sigstore/in-toto envelope): the
 * signature covers the pre-authentication encoding of the payload type and the bundle's canonical
 * bytes, so a signature over anything else (another payload type, a bundle cut short) never
 * verifies.
 */
public final class SignedBundles {
  /** The DSSE payload type of a teepol policy bundle. */
  public static final String PAYLOAD_TYPE = "application/vnd.teepol.policy-bundle+json";

  private static final JsonProvider JSON = JsonProvider.provider();

  private SignedBundles() {}

  /**
   * Signs a bundle with a PEM private key file (Ed25519 or ECDSA P-256).
   *
   * @return the DSSE envelope, UTF-8 JSON
   */
  public static byte[] sign(PolicyBundle bundle, Path privateKeyFile)
      throws IOException, BundleException {
    PrivateKey key = KeyFiles.privateKey(privateKeyFile);
    try {
      SignatureAlgorithm.of(key);
    } catch (GeneralSecurityException e) {
      throw new BundleException(privateKeyFile + ": " + e.getMessage(), e);
    }
    PublicKey pub = publicOf(key);
    byte[] payload = bundle.canonicalBytes();
    try {
      Signature s = SignatureAlgorithm.of(key).signature();
      s.initSign(key);
      s.update(pae(payload));
      byte[] sig = s.sign();
      StringWriter w = new StringWriter();
      try (var g = JSON.createGenerator(w)) {
        g.writeStartObject()
            .write("payloadType", PAYLOAD_TYPE)
            .write("payload", Base64.getEncoder().encodeToString(payload))
            .writeStartArray("signatures")
            .writeStartObject()
            .write("keyid", TrustedSigners.keyId(pub))
            .write("sig", Base64.getEncoder().encodeToString(sig))
            .writeEnd()
            .writeEnd()
            .writeEnd();
      }
      return (w + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new BundleException(privateKeyFile + ": cannot sign: " + e.getMessage(), e);
    }
  }

  /**
   * Wraps a bundle with a Sigstore bundle made for it elsewhere ({@code cosign sign-blob --bundle}
   * or {@code cosign attest-blob} over the file {@code teepol bundle create} wrote, in a CI job
   * with an OIDC identity): keyless signing needs the CI's identity token and Fulcio and Rekor
   * online, so teepol takes the result instead of signing itself. The Sigstore bundle must sign
   * exactly this bundle (its message digest, or a subject of its statement, is the SHA-256 of the
   * bundle's canonical bytes); whether it verifies, and whose identity it is, is checked by every
   * verifier against its own trusted root and pinned identities.
   *
   * @return the envelope, UTF-8 JSON, with the Sigstore bundle in {@code sigstoreBundles}
   */
  public static byte[] signWithSigstore(PolicyBundle bundle, byte[] sigstoreBundle)
      throws BundleException {
    byte[] payload = bundle.canonicalBytes();
    Bundle b = SigstoreBundleSignature.parse(sigstoreBundle);
    if (!SigstoreBundleSignature.signs(b, Digests.sha256(payload))) {
      throw new BundleException(
          "the Sigstore bundle does not sign this policy bundle (sha256 "
              + PolicyBundle.sha256(payload)
              + "): sign the file 'teepol bundle create' wrote");
    }
    StringWriter w = new StringWriter();
    try (var g = JSON.createGenerator(w)) {
      g.writeStartObject()
          .write("payloadType", PAYLOAD_TYPE)
          .write("payload", Base64.getEncoder().encodeToString(payload))
          .writeStartArray("signatures")
          .writeEnd()
          .writeStartArray("sigstoreBundles")
          .write(Base64.getEncoder().encodeToString(sigstoreBundle))
          .writeEnd()
          .writeEnd();
    }
    return (w + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Verifies a signed bundle: a signature by one of {@code signers} over the payload, then the
   * bundle itself (canonical, every field valid).
   *
   * @throws BundleException malformed, unsigned, or signed by no trusted signer
   */
  public static VerifiedBundle verify(byte[] envelope, TrustedSigners signers)
      throws BundleException {
    if (envelope.length > Limits.MAX_POLICY_BUNDLE_BYTES * 4L / 3 + 4096) {
      throw new BundleException("signed bundle is " + envelope.length + " bytes, over the limit");
    }
    JsonObject o;
    try (JsonReader r = JSON.createReader(new ByteArrayInputStream(envelope))) {
      o = r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new BundleException(
          "not a signed bundle (a DSSE envelope, JSON): " + e.getMessage(), e);
    }
    if (!(o.get("payloadType") instanceof JsonString t) || !PAYLOAD_TYPE.equals(t.getString())) {
      throw new BundleException("envelope.payloadType must be " + PAYLOAD_TYPE);
    }
    if (!(o.get("payload") instanceof JsonString p)) {
      throw new BundleException("envelope.payload must be a base64 string");
    }
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(p.getString());
    } catch (IllegalArgumentException e) {
      throw new BundleException("envelope.payload is not base64: " + e.getMessage());
    }
    JsonArray sigstoreBundles =
        o.get("sigstoreBundles") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    if (o.containsKey("sigstoreBundles") && !(o.get("sigstoreBundles") instanceof JsonArray)) {
      throw new BundleException("envelope.sigstoreBundles must be a list");
    }
    if (!(o.get("signatures") instanceof JsonArray sigs)
        || (sigs.isEmpty() && sigstoreBundles.isEmpty())) {
      throw new BundleException("envelope.signatures is empty: the bundle is not signed");
    }
    if (sigstoreBundles.size() > Limits.MAX_POLICY_BUNDLE_SIGNATURES) {
      throw new BundleException(
          "envelope.sigstoreBundles has "
              + sigstoreBundles.size()
              + " entries, over the limit of "
              + Limits.MAX_POLICY_BUNDLE_SIGNATURES);
    }
    if (sigs.size() > Limits.MAX_POLICY_BUNDLE_SIGNATURES) {
      throw new BundleException(
          "envelope.signatures has "
              + sigs.size()
              + " entries, over the limit of "
              + Limits.MAX_POLICY_BUNDLE_SIGNATURES);
    }
    Optional<String> signer = Optional.empty();
    StringBuilder why = new StringBuilder();
    for (int i = 0; i < sigs.size() && signer.isEmpty(); i++) {
      if (!(sigs.get(i) instanceof JsonObject s)
          || !(s.get("keyid") instanceof JsonString kid)
          || !(s.get("sig") instanceof JsonString sig)) {
        throw new BundleException("envelope.signatures[" + i + "] needs keyid and sig strings");
      }
      Optional<PublicKey> key = signers.key(kid.getString());
      if (key.isEmpty()) {
        why.append("; signature ")
            .append(i)
            .append(" is by ")
            .append(kid.getString())
            .append(", not a trusted signer");
        continue;
      }
      if (verifies(key.get(), payload, sig.getString())) {
        signer = Optional.of(kid.getString());
      } else {
        why.append("; signature ")
            .append(i)
            .append(" by ")
            .append(kid.getString())
            .append(" does not verify");
      }
    }
    for (int i = 0; i < sigstoreBundles.size() && signer.isEmpty(); i++) {
      if (!(sigstoreBundles.get(i) instanceof JsonString sb)) {
        throw new BundleException("envelope.sigstoreBundles[" + i + "] must be a base64 string");
      }
      if (signers.sigstoreSigners().isEmpty()) {
        why.append("; Sigstore bundle ")
            .append(i)
            .append(": no Sigstore trusted root and identity are pinned");
        continue;
      }
      byte[] sigstore;
      try {
        sigstore = Base64.getDecoder().decode(sb.getString());
      } catch (IllegalArgumentException e) {
        throw new BundleException("envelope.sigstoreBundles[" + i + "] is not base64");
      }
      SigstoreBundleSignature.Outcome out =
          SigstoreBundleSignature.verify(
              sigstore, Digests.sha256(payload), signers.sigstoreSigners().get());
      if (out.signer().isPresent()) {
        signer = out.signer();
      } else {
        why.append("; Sigstore bundle ").append(i).append(": ").append(out.problem());
      }
    }
    if (signer.isEmpty()) {
      throw new BundleException(
          "no signature by a trusted signer "
              + signers.describe()
              + (why.length() == 0 ? "" : ": " + why.substring(2)));
    }
    PolicyBundle bundle = PolicyBundle.parse(payload);
    return new VerifiedBundle(bundle, signer.get(), PolicyBundle.sha256(payload));
  }

  private static boolean verifies(PublicKey key, byte[] payload, String sigB64) {
    try {
      byte[] sig = Base64.getDecoder().decode(sigB64);
      Signature s = SignatureAlgorithm.of(key).signature();
      s.initVerify(key);
      s.update(pae(payload));
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** DSSE's pre-authentication encoding: {@code DSSEv1 len(type) type len(body) body}. */
  static byte[] pae(byte[] payload) {
    byte[] type = PAYLOAD_TYPE.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("DSSEv1 " + type.length + " " + PAYLOAD_TYPE + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  private static PublicKey publicOf(PrivateKey key) throws BundleException {
    try {
      if (key instanceof org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey bc) {
        return bc.getPublicKey();
      }
      java.security.KeyFactory kf =
          java.security.KeyFactory.getInstance("EC", SignatureAlgorithm.BC);
      if (key instanceof java.security.interfaces.ECPrivateKey ec) {
        // Q = dG on P-256, computed with Bouncy Castle's curve arithmetic.
        var spec = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
        var q = spec.getG().multiply(ec.getS()).normalize();
        return kf.generatePublic(
            new java.security.spec.ECPublicKeySpec(
                new java.security.spec.ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                ec.getParams()));
      }
      throw new BundleException(
          "a " + key.getAlgorithm() + " key: sign with Ed25519 or ECDSA P-256");
    } catch (GeneralSecurityException e) {
      throw new BundleException("cannot derive the signer's public key: " + e.getMessage(), e);
    }
  }
}
