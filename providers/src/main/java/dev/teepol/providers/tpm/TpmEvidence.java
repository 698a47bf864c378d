package dev.teepol.providers.tpm;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.CosLaunch;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.GceInstance;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Signer;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.evidence.Tpm;
import dev.teepol.core.evidence.TpmAk;
import dev.teepol.core.evidence.TpmBoot;
import dev.teepol.core.evidence.TpmEvent;
import dev.teepol.core.evidence.TpmQuote;
import dev.teepol.providers.tpm.abi.PcrSelection;
import dev.teepol.providers.tpm.abi.Quote;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.verify.AkTrust;
import dev.teepol.providers.tpm.verify.BootDecoder;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a TPM appraisal into the normalized evidence model: the one place its values become hex.
 * Quoted PCRs are {@code measurements} ({@code pcrN} from the strongest verified bank, {@code
 * <bank>:pcrN} for each), bound {@code hardware} only when a trusted AK signed them; the AK is the
 * {@code signers[]} entry {@code tpm-ak}; the decoded log is {@code tpm.boot} and {@code
 * tpm.events}.
 */
final class TpmEvidence {
  /** The signer algo of a TPM attestation key; its key is the SHA-256 of the DER SPKI. */
  static final String AK_SIGNER = "tpm-ak";

  private TpmEvidence() {}

  static Evidence of(String subject, TpmAppraiser.Findings f) {
    Map<String, String> m = new LinkedHashMap<>();
    Map<String, Binding> bound = new LinkedHashMap<>();
    boolean hardware = f.akTrusted() && !f.verifiedPcrs().isEmpty();
    Binding quoted = hardware ? Binding.HARDWARE : Binding.SELF_REPORTED;
    Map<TpmHash, Map<Integer, byte[]>> values = pcrValues(f);
    List<TpmHash> banks = values.keySet().stream().sorted(Comparator.reverseOrder()).toList();
    if (!banks.isEmpty()) {
      Binding b = f.verifiedPcrs().isEmpty() ? Binding.SELF_REPORTED : quoted;
      values.get(banks.get(0)).forEach((pcr, v) -> put(m, bound, "pcr" + pcr, Hex.of(v), b));
      for (TpmHash bank : banks) {
        values
            .get(bank)
            .forEach((pcr, v) -> put(m, bound, bank.label() + ":pcr" + pcr, Hex.of(v), b));
      }
    }
    TpmAk ak = ak(f);
    List<Signer> signers =
        f.ak()
            .map(
                k ->
                    List.of(
                        new Signer(
                            AK_SIGNER, Hex.of(Digests.sha256(k.key().getEncoded())), quoted)))
            .orElse(List.of());
    TpmQuote quote = quote(f);
    if (!quote.pcrBank().isEmpty()) {
      bound.put("tpm.quote", quoted);
    }
    TpmBoot boot = f.boot().map(BootDecoder.Decoded::boot).orElse(TpmBoot.NONE);
    List<TpmEvent> events = f.boot().map(BootDecoder.Decoded::events).orElse(List.of());
    if (f.boot().isPresent()) {
      bound.put("tpm.boot", f.bootProven() && hardware ? Binding.REPLAY : Binding.SELF_REPORTED);
    }
    GceInstance gce = f.trust().map(AkTrust::gce).orElse(GceInstance.NONE);
    if (!gce.equals(GceInstance.NONE)) {
      bound.put("tpm.gce", Binding.SIGNATURE);
    }
    CosLaunch cos = f.cos().orElse(CosLaunch.NONE);
    if (f.cos().isPresent()) {
      bound.put("tpm.cos", f.cosProven() && hardware ? Binding.REPLAY : Binding.SELF_REPORTED);
    }
    String manufacturer = ak.manufacturer();
    boolean debug = f.boot().map(BootDecoder.Decoded::debug).orElse(false);
    Platform platform =
        new Platform(
            "tpm",
            manufacturer.isEmpty() ? "tpm" : "tpm:" + manufacturer,
            debug,
            Tcb.UNKNOWN,
            CollateralInfo.NONE);
    return Evidence.builder(TpmProvider.ID, subject)
        .platform(platform)
        .measurements(m)
        .signers(signers)
        .bound(bound)
        .tpm(new Tpm(ak, quote, boot, gce, cos, events))
        .build();
  }

  private static void put(
      Map<String, String> m, Map<String, Binding> bound, String key, String value, Binding b) {
    m.put(key, value);
    bound.put("measurements." + key, b);
  }

  /**
   * The PCR values the model shows: the verified quotes' values; failing those, what the quotes
   * claim for their selected banks; for a bare log, its replay (all {@code self_reported}).
   */
  private static Map<TpmHash, Map<Integer, byte[]>> pcrValues(TpmAppraiser.Findings f) {
    if (!f.verifiedPcrs().isEmpty()) {
      return f.verifiedPcrs();
    }
    Map<TpmHash, Map<Integer, byte[]>> claimed = new java.util.EnumMap<>(TpmHash.class);
    for (TpmAppraiser.CheckedQuote q : f.quotes()) {
      for (PcrSelection s : q.quote().selections()) {
        Map<Integer, byte[]> v = q.pcrs().get(s.bank());
        if (v != null) {
          claimed.put(s.bank(), new java.util.TreeMap<>(v));
        }
      }
    }
    if (!claimed.isEmpty() || f.log().isEmpty()) {
      return claimed;
    }
    for (TpmHash bank : f.log().get().banks()) {
      claimed.put(
          bank, dev.teepol.providers.tpm.verify.PcrReplay.replay(f.log().get(), bank).finals());
    }
    return claimed;
  }

  private static TpmAk ak(TpmAppraiser.Findings f) {
    if (f.ak().isEmpty()) {
      return TpmAk.NONE;
    }
    Optional<AkTrust> t = f.trust().filter(x -> x.status() == AkTrust.Status.TRUSTED);
    return new TpmAk(
        Hex.of(f.ak().get().name()),
        f.ak().get().algorithm(),
        t.map(AkTrust::trustedBy).orElse(""),
        t.flatMap(AkTrust::certificate).map(c -> c.getIssuerX500Principal().getName()).orElse(""),
        t.flatMap(AkTrust::certificate).map(c -> c.getSerialNumber().toString(16)).orElse(""),
        t.map(AkTrust::manufacturer).orElse(""));
  }

  /** The strongest verified quote; failing that, the strongest that decoded. */
  private static TpmQuote quote(TpmAppraiser.Findings f) {
    Optional<TpmAppraiser.CheckedQuote> primary =
        f.quotes().stream()
            .filter(TpmAppraiser.CheckedQuote::verified)
            .max(Comparator.comparing(TpmAppraiser.CheckedQuote::bank))
            .or(
                () ->
                    f.quotes().stream().max(Comparator.comparing(TpmAppraiser.CheckedQuote::bank)));
    if (primary.isEmpty()) {
      return TpmQuote.NONE;
    }
    Quote q = primary.get().quote();
    List<String> banks =
        f.verifiedPcrs().keySet().stream()
            .sorted(Comparator.reverseOrder())
            .map(TpmHash::label)
            .toList();
    return new TpmQuote(
        primary.get().bank().label(),
        banks,
        primary.get().signature().scheme().label(),
        primary.get().signature().hash().label(),
        Hex.of(q.extraData()),
        q.clock(),
        q.resetCount(),
        q.restartCount(),
        q.safe(),
        String.format("%016x", q.firmwareVersion()));
  }
}
