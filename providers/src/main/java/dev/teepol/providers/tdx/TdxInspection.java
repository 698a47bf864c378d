package dev.teepol.providers.tdx;

import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.crypto.Certificates;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Decoded;
import dev.teepol.providers.tdx.abi.EnclaveReport;
import dev.teepol.providers.tdx.abi.QeCertification;
import dev.teepol.providers.tdx.abi.Quote;
import dev.teepol.providers.tdx.abi.QuoteParser;
import dev.teepol.providers.tdx.abi.TdAttributeBits;
import dev.teepol.providers.tdx.abi.TdReport;
import dev.teepol.providers.tdx.pck.PckExtensionParser;
import dev.teepol.providers.tdx.pck.PckExtensions;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Every field of a DCAP quote, decoded and not verified ({@code teepol inspect}): header, report
 * body with every register, and the signature data down to the PCK chain and its SGX extension.
 * Register names are those of the normalized model (docs/evidence-model.md), so a value shown here
 * is written the way a policy pins it. A part that does not decode (a PCK chain that is not PEM)
 * says why in its place; the rest is still shown.
 */
public final class TdxInspection {
  private static final int CERT_TYPE_PCK_CHAIN = 5;

  private TdxInspection() {}

  /** The quote's fields, or why it does not decode at all (the field and offset). */
  public static Decoded decode(byte[] raw, Limits limits) {
    try {
      return new Decoded.Fields(quote(QuoteParser.parse(raw, limits.maxQuoteBytes()), limits));
    } catch (ParseException e) {
      return new Decoded.Undecodable(e.getMessage());
    }
  }

  /**
   * As {@link #decode}, as one group for documents that carry a quote (dstack, NEAR): a quote that
   * does not decode is a group with its {@code error}.
   */
  public static Decoded.Group group(byte[] raw, Limits limits) {
    Decoded d = decode(raw, limits);
    return d instanceof Decoded.Fields f
        ? f.root()
        : Decoded.group().text("error", ((Decoded.Undecodable) d).reason()).build();
  }

  static Decoded.Group quote(Quote q, Limits limits) {
    Decoded.GroupBuilder g = Decoded.group();
    g.text("format", "Intel DCAP quote v" + q.version() + (q.isTdx() ? " (TDX)" : " (SGX)"));
    g.num("length", q.length());
    Decoded.GroupBuilder header =
        Decoded.group()
            .num("version", q.version())
            .num("attestation_key_type", q.attestationKeyType())
            .text(
                "attestation_key_type_name",
                q.attestationKeyType() == 2 ? "ECDSA-256-with-P-256" : "")
            .text("tee_type", String.format("0x%08x", q.teeType()))
            .text("tee_type_name", q.teeType() == Quote.TEE_TYPE_TDX ? "TDX" : "SGX")
            .num("qe_svn", q.qeSvn())
            .num("pce_svn", q.pceSvn())
            .put("qe_vendor_id", new Decoded.Bytes(q.qeVendorId()))
            .flag("qe_vendor_is_intel", Quote.INTEL_QE_VENDOR_ID.equals(q.qeVendorId()))
            .put("user_data", new Decoded.Bytes(q.userData()));
    g.put("header", header.build());
    if (q.version() == 5) {
      int type =
          switch (q.bodyKind()) {
            case SGX -> 1;
            case TD10 -> 2;
            case TD15 -> 3;
          };
      g.put(
          "body_descriptor",
          Decoded.group().num("type", type).num("size", q.bodyKind().length).build());
    }
    g.put(
        q.isTdx() ? "td_report" : "enclave_report",
        q.tdReport()
            .map(TdxInspection::tdReport)
            .orElseGet(() -> enclave(q.enclaveReport().get())));
    Decoded.GroupBuilder sig =
        Decoded.group()
            .hex("signature", q.signature())
            .hex("attestation_key", q.attestationKey())
            .num("certification_data_type", q.certDataType())
            .text("certification_data_type_name", certTypeName(q.certDataType()));
    q.qe().ifPresent(qe -> sig.put("qe_certification", qeCertification(qe, limits)));
    g.put("signature_data", sig.build());
    g.num("trailing_bytes", q.trailingBytes());
    return g.build();
  }

  private static Decoded.Group tdReport(TdReport td) {
    long attrs = td.tdAttributeBits();
    Decoded.GroupBuilder g =
        Decoded.group()
            .text("kind", td.kind().name())
            .hex("tee_tcb_svn", td.teeTcbSvn())
            .hex("mr_seam", td.mrSeam())
            .hex("mr_signer_seam", td.mrSignerSeam())
            .hex("seam_attributes", td.seamAttributes())
            .hex("td_attributes", td.tdAttributes())
            .put(
                "td_attributes_bits",
                Decoded.group()
                    .flag("debug", TdAttributeBits.debug(attrs))
                    .flag("sept_ve_disable", (attrs & TdAttributeBits.SEPT_VE_DISABLE) != 0)
                    .flag("pks", (attrs & TdAttributeBits.PKS) != 0)
                    .flag("kl", (attrs & TdAttributeBits.KL) != 0)
                    .flag("perfmon", (attrs & TdAttributeBits.PERFMON) != 0)
                    .put(
                        "reserved_bits_set",
                        Decoded.items(
                            TdAttributeBits.reservedSet(attrs).stream()
                                .map(b -> (Decoded.Node) num(b))
                                .toList()))
                    .build())
            .hex("xfam", td.xfam())
            .hex("mrtd", td.mrTd())
            .hex("mr_config_id", td.mrConfigId())
            .hex("mr_owner", td.mrOwner())
            .hex("mr_owner_config", td.mrOwnerConfig());
    for (int i = 0; i < TdReport.RTMR_COUNT; i++) {
      g.hex("rtmr" + i, td.rtmr(i));
    }
    g.hex("report_data", td.reportData());
    td.teeTcbSvn2().ifPresent(v -> g.hex("tee_tcb_svn2", v));
    td.mrServiceTd().ifPresent(v -> g.hex("mr_servicetd", v));
    return g.build();
  }

  private static Decoded.Group enclave(EnclaveReport e) {
    return Decoded.group()
        .hex("cpu_svn", e.cpuSvn())
        .hex("misc_select", e.miscSelect())
        .hex("attributes", e.attributes())
        .flag("debug", e.debug())
        .hex("mr_enclave", e.mrEnclave())
        .hex("mr_signer", e.mrSigner())
        .num("isv_prod_id", e.isvProdId())
        .num("isv_svn", e.isvSvn())
        .hex("report_data", e.reportData())
        .build();
  }

  private static Decoded.Group qeCertification(QeCertification qe, Limits limits) {
    Decoded.GroupBuilder g =
        Decoded.group()
            .put("qe_report", enclave(qe.report()))
            .hex("qe_report_signature", qe.reportSignature())
            .num("qe_auth_data_size", qe.authData().length)
            .hex("qe_auth_data", qe.authData())
            .num("certification_data_type", qe.certDataType())
            .text("certification_data_type_name", certTypeName(qe.certDataType()))
            .num("certification_data_size", qe.certData().length);
    if (qe.certDataType() != CERT_TYPE_PCK_CHAIN) {
      // PPIDs (types 1-3), a single PCK certificate (4), a platform manifest (7): shown as bytes.
      return g.hex("certification_data", qe.certData()).build();
    }
    List<X509Certificate> certs;
    try {
      certs =
          Certificates.parsePemChain(
              new String(qe.certData(), StandardCharsets.US_ASCII), limits.maxCertChainLength());
    } catch (CertificateException e) {
      return g.text("pck_chain_error", "PCK chain: " + e.getMessage()).build();
    }
    List<Decoded.Node> chain = new ArrayList<>();
    certs.forEach(c -> chain.add(certificate(c)));
    g.put("pck_chain", Decoded.items(chain));
    if (!certs.isEmpty()) {
      try {
        g.put("pck_extensions", extensions(PckExtensionParser.parse(certs.get(0))));
      } catch (ParseException e) {
        g.text("pck_extensions_error", e.getMessage());
      }
    }
    return g.build();
  }

  /** What identifies a certificate and when it is valid; nothing about whether it chains. */
  public static Decoded.Group certificate(X509Certificate c) {
    return Decoded.group()
        .text("subject", c.getSubjectX500Principal().getName())
        .text("issuer", c.getIssuerX500Principal().getName())
        .text("serial", c.getSerialNumber().toString(16))
        .text("not_before", c.getNotBefore().toInstant().toString())
        .text("not_after", c.getNotAfter().toInstant().toString())
        .text("signature_algorithm", c.getSigAlgName())
        .put("sha256", new Decoded.Bytes(Certificates.sha256Hex(c)))
        .build();
  }

  private static Decoded.Group extensions(PckExtensions x) {
    return Decoded.group()
        .put("fmspc", new Decoded.Bytes(x.fmspc()))
        .put("pce_id", new Decoded.Bytes(x.pceId()))
        .put("ppid", new Decoded.Bytes(x.ppid()))
        .put("cpu_svn", new Decoded.Bytes(x.cpuSvn()))
        .num("pce_svn", x.pceSvn())
        .put(
            "sgx_tcb_components",
            Decoded.items(x.sgxTcbComponents().stream().map(TdxInspection::num).toList()))
        .text("ca", x.caType())
        .build();
  }

  private static Decoded.Num num(long v) {
    return new Decoded.Num(java.math.BigDecimal.valueOf(v));
  }

  /** Intel's names of the certification data types (DCAP quote library API, appendix). */
  static String certTypeName(int type) {
    return switch (type) {
      case 1 -> "PPID in clear text, CPUSVN, PCESVN, PCE ID";
      case 2 -> "PPID encrypted with RSA-2048-OAEP, CPUSVN, PCESVN, PCE ID";
      case 3 -> "PPID encrypted with RSA-3072-OAEP, CPUSVN, PCESVN, PCE ID";
      case 4 -> "PCK leaf certificate";
      case 5 -> "PCK certificate chain (PEM)";
      case 6 -> "QE report certification data";
      case 7 -> "platform manifest";
      default -> "unknown";
    };
  }
}
