package dev.teepol.kms.ratls;

/** The check ids of the dstack RA-TLS provider (docs/providers/dstack-ratls.md). */
public final class RatlsChecks {
  public static final String INPUT_PARSE = "ratls.input.parse";
  public static final String CHAIN = "ratls.chain";
  public static final String LEAF_USAGE = "ratls.leaf.usage";
  public static final String QUOTE_EXTENSION = "ratls.quote.extension";
  public static final String REPORT_DATA_KEY = "ratls.report_data.key";
  public static final String APP_ID = "ratls.app_id";
  public static final String KMS_ROOT = "ratls.kms_root.attested";
  public static final String NONCE = "ratls.report_data.nonce";

  private RatlsChecks() {}
}
