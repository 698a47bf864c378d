package dev.teepol.providers.tpm.verify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The strings GRUB measures into PCR 8 as EV_IPL events: a known prefix, then the command, whose
 * digest is the hash of the command without the prefix (and, in newer GRUBs, without the trailing
 * NUL).
 */
final class GrubStrings {
  /** Command-line prefixes; the kernel's is what the kernel command line is read from. */
  static final List<String> KERNEL_CMDLINE = List.of("kernel_cmdline: ", "grub_kernel_cmdline ");

  /** Every prefix GRUB uses, new style first (docs: GRUB manual, "Measured Boot"). */
  static final List<String> PREFIXES =
      List.of(
          "grub_cmd: ",
          "kernel_cmdline: ",
          "module_cmdline: ",
          "grub_kernel_cmdline ",
          "grub_cmd ");

  /** A PCR 8 string: its prefix and the text after it, without a trailing NUL. */
  record Measured(String prefix, String text, byte[] withNul, byte[] withoutNul) {
    boolean kernelCmdline() {
      return KERNEL_CMDLINE.contains(prefix);
    }
  }

  private GrubStrings() {}

  static Optional<Measured> parse(byte[] data) {
    for (String p : PREFIXES) {
      byte[] pb = p.getBytes(StandardCharsets.US_ASCII);
      if (data.length >= pb.length && Arrays.equals(data, 0, pb.length, pb, 0, pb.length)) {
        byte[] rest = Arrays.copyOfRange(data, pb.length, data.length);
        byte[] trimmed =
            rest.length > 0 && rest[rest.length - 1] == 0
                ? Arrays.copyOf(rest, rest.length - 1)
                : rest;
        return Optional.of(
            new Measured(p, new String(trimmed, StandardCharsets.UTF_8), rest, trimmed));
      }
    }
    return Optional.empty();
  }
}
