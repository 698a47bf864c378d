package dev.teepol.core.evidence;

import java.util.List;

/**
 * What the TCG PC Client event log says about the boot, decoded only from events whose digests
 * replay to the quoted PCRs and, where the digest is defined as the hash of the data, whose data
 * hashes to it ({@code bound["tpm.boot"]} is {@code replay}; {@code self_reported} for a log with
 * no quote).
 *
 * @param eventLogFormat {@code crypto-agile} or {@code sha1} (legacy); "" without a log
 * @param bank the bank decoded digests ({@code efi_apps}, event digests) are given in
 * @param replayedBanks the banks whose replay matched the quote, strongest first
 * @param secureBoot the PCR 7 Secure Boot configuration
 * @param kernelCmdline the kernel command line GRUB measured into PCR 8, "" when none
 * @param grubCommands every GRUB command measured into PCR 8, in order
 * @param efiApps PE/COFF digests of the EFI applications loaded (PCR 4), in order
 * @param gceFirmwareVersion the GCE virtual firmware version (EV_S_CRTM_VERSION), 0 when not GCE
 * @param gceConfidentialTechnology the GCE confidential VM technology (EV_NONHOST_INFO): {@code
 *     none}, {@code amd-sev}, {@code amd-sev-es}, {@code amd-sev-snp}, {@code intel-tdx}; "" when
 *     not GCE
 */
public record TpmBoot(
    String eventLogFormat,
    String bank,
    List<String> replayedBanks,
    SecureBoot secureBoot,
    String kernelCmdline,
    List<String> grubCommands,
    List<String> efiApps,
    long gceFirmwareVersion,
    String gceConfidentialTechnology) {
  public static final TpmBoot NONE =
      new TpmBoot("", "", List.of(), SecureBoot.NONE, "", List.of(), List.of(), 0, "");

  public TpmBoot {
    replayedBanks = List.copyOf(replayedBanks);
    grubCommands = List.copyOf(grubCommands);
    efiApps = List.copyOf(efiApps);
  }
}
