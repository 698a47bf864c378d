package dev.teepol.providers.sevsnp.abi;

/**
 * The guest policy the owner set at launch (AMD SEV-SNP ABI #56860, GUEST_POLICY), bit by bit. Two
 * kinds of bits: <em>permissions</em> the guest grants (SMT, MIGRATE_MA, DEBUG, CXL_ALLOW: set
 * means "this weaker thing is allowed") and <em>requirements</em> the guest imposes on the platform
 * (SINGLE_SOCKET, MEM_AES_256_XTS, RAPL_DIS, CIPHERTEXT_HIDING_DRAM, PAGE_SWAP_DISABLE: set means
 * "the firmware refused to launch unless this holds"). A verifier allows permissions and requires
 * requirements; treating a requirement like a permission (go-sev-guest's mem_aes256_xts, tinfoil-go
 * #101) turns a hardening into a failure.
 */
public record GuestPolicy(long raw) {
  /** Bit 17 must be one; bits 63:26 are reserved and must be zero. */
  public static final long RESERVED_ONE = 1L << 17;

  public static final long RESERVED_ZERO = ~((1L << 26) - 1);

  /** One named bit: its ABI name, position and kind. */
  public enum Bit {
    SMT(16, true),
    MIGRATE_MA(18, true),
    DEBUG(19, true),
    SINGLE_SOCKET(20, false),
    CXL_ALLOW(21, true),
    MEM_AES_256_XTS(22, false),
    RAPL_DIS(23, false),
    CIPHERTEXT_HIDING_DRAM(24, false),
    PAGE_SWAP_DISABLE(25, false);

    private final int position;
    private final boolean permission;

    Bit(int position, boolean permission) {
      this.position = position;
      this.permission = permission;
    }

    public int position() {
      return position;
    }

    /** A permission the guest grants (else a requirement it imposes). */
    public boolean permission() {
      return permission;
    }

    /** camelCase, as the policy language writes it ({@code memAes256Xts}). */
    public String policyName() {
      StringBuilder sb = new StringBuilder();
      boolean up = false;
      for (char c : name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
        if (c == '_') {
          up = true;
        } else {
          sb.append(up ? Character.toUpperCase(c) : c);
          up = false;
        }
      }
      return sb.toString();
    }
  }

  public boolean is(Bit b) {
    return (raw >>> b.position) % 2 != 0;
  }

  public int abiMinor() {
    return (int) (raw & 0xff);
  }

  public int abiMajor() {
    return (int) ((raw >>> 8) & 0xff);
  }

  public boolean debug() {
    return is(Bit.DEBUG);
  }
}
