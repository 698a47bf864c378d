package dev.teepol.policy.compile;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.teepol.policy.schema.EvidenceSchema;
import java.util.List;

/**
 * The one CEL environment every policy expression is checked and run in: the typed evidence
 * schema, {@code evidence}, {@code components} (other appraisals of a composite service, by name)
 * and {@code now}, standard macros and the string, list, set and optional extensions. Built once.
 */
public final class CelEnvironment {
  public static final String EVIDENCE = "evidence";
  public static final String COMPONENTS = "components";
  public static final String NOW = "now";
  public static final List<String> VARIABLES = List.of(EVIDENCE, COMPONENTS, NOW);

  static final CelOptions OPTIONS = CelOptions.current()
      .populateMacroCalls(true)
      .enableOptionalSyntax(true)
      .enableHeterogeneousNumericComparisons(true)
      .comprehensionMaxIterations(100_000)
      .build();

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .setTypeProvider(EvidenceSchema.get())
      .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
      .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
      .addVar(EVIDENCE, EvidenceSchema.evidenceType())
      .addVar(COMPONENTS, MapType.create(SimpleType.STRING, EvidenceSchema.evidenceType()))
      .addVar(NOW, SimpleType.TIMESTAMP)
      .build();

  private CelEnvironment() {}

  public static Cel cel() {
    return CEL;
  }
}
