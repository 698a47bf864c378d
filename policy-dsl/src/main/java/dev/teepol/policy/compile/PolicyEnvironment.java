package dev.teepol.policy.compile;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.ReportDataConventions;
import dev.teepol.policy.schema.EvidenceSchema;
import java.util.List;

/**
 * The one CEL environment every policy expression is checked and run in: the typed evidence schema,
 * {@code evidence}, {@code components} (other appraisals of a composite service, by name) and
 * {@code now}, standard macros and the string, list, set and optional extensions. Built once.
 */
public final class PolicyEnvironment {
  public static final String EVIDENCE = "evidence";
  public static final String COMPONENTS = "components";
  public static final String NOW = "now";
  public static final List<String> VARIABLES = List.of(EVIDENCE, COMPONENTS, NOW);

  /**
   * {@code report_data.raw(hex)}: the report_data that commits to content under dstack's raw
   * convention (the content zero-padded to 64 bytes), as lowercase hex.
   */
  public static final String REPORT_DATA_RAW = "report_data.raw";

  /** {@code report_data.tagged(tag, hex)}: sha512(tag ":" content) as lowercase hex. */
  public static final String REPORT_DATA_TAGGED = "report_data.tagged";

  static final CelOptions OPTIONS =
      CelOptions.current()
          .populateMacroCalls(true)
          .enableOptionalSyntax(true)
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(100_000)
          .build();

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setTypeProvider(EvidenceSchema.get())
          .addCompilerLibraries(
              CelExtensions.optional(),
              CelExtensions.strings(),
              CelExtensions.lists(),
              CelExtensions.sets(OPTIONS))
          .addRuntimeLibraries(
              CelExtensions.optional(),
              CelExtensions.strings(),
              CelExtensions.lists(),
              CelExtensions.sets(OPTIONS))
          .addVar(EVIDENCE, EvidenceSchema.evidenceType())
          .addVar(COMPONENTS, MapType.create(SimpleType.STRING, EvidenceSchema.evidenceType()))
          .addVar(NOW, SimpleType.TIMESTAMP)
          .addFunctionDeclarations(
              CelFunctionDecl.newFunctionDeclaration(
                  REPORT_DATA_RAW,
                  CelOverloadDecl.newGlobalOverload(
                      "report_data_raw_string", SimpleType.STRING, SimpleType.STRING)),
              CelFunctionDecl.newFunctionDeclaration(
                  REPORT_DATA_TAGGED,
                  CelOverloadDecl.newGlobalOverload(
                      "report_data_tagged_string_string",
                      SimpleType.STRING,
                      SimpleType.STRING,
                      SimpleType.STRING)))
          .addFunctionBindings(
              CelFunctionBinding.from(
                  "report_data_raw_string", String.class, PolicyEnvironment::raw),
              CelFunctionBinding.from(
                  "report_data_tagged_string_string",
                  String.class,
                  String.class,
                  PolicyEnvironment::tagged))
          .build();

  private static String raw(String contentHex) throws CelEvaluationException {
    byte[] content = decode(contentHex);
    return Hex.of(
        ReportDataConventions.raw(content)
            .orElseThrow(
                () ->
                    new CelEvaluationException(
                        REPORT_DATA_RAW
                            + ": content is "
                            + content.length
                            + " bytes, more than 64")));
  }

  private static String tagged(String tag, String contentHex) throws CelEvaluationException {
    return Hex.of(ReportDataConventions.tagged(tag, decode(contentHex)));
  }

  private static byte[] decode(String hex) throws CelEvaluationException {
    try {
      return Hex.decode(hex);
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("not hex: " + e.getMessage());
    }
  }

  private PolicyEnvironment() {}

  public static Cel cel() {
    return CEL;
  }
}
