#!/usr/bin/env bash
# Coverage-guided fuzzing of teepol's parsers and verifiers with Jazzer, one target at a time,
# outside CI (CI runs only the committed inputs, in regression mode, as part of ./mvnw verify).
#
#   benchmarks/fuzz.sh                        # every target, DURATION each (default 4m)
#   benchmarks/fuzz.sh QuoteFuzzTest NearFuzzTest   # named targets (class simple names)
#   DURATION=30m benchmarks/fuzz.sh TdxAppraiseFuzzTest
#   EXECUTIONS=1000000 DURATION=30m benchmarks/fuzz.sh NearFuzzTest   # stop at 1 M inputs (or 30 min)
#   benchmarks/fuzz.sh list                   # the targets
#   benchmarks/fuzz.sh seeds                  # rewrite the seed-* inputs from the simulators/examples
#
# Per target: a 1 s per-input timeout (libFuzzer -timeout, from the JUnit default timeout; JUnit's own
# timeout mode is disabled, or it would time the whole run as one test), a 512 MiB heap (an input that needs more
# is an OutOfMemoryError finding), the classes of teepol and of the parsers it relies on
# instrumented. A finding is written into the target's inputs directory
# (fuzz/src/test/resources/<package>/<Class>Inputs/<method>/crash-*|timeout-*), where it becomes a
# regression input: fix it, keep the file, commit both. Logs and a summary (executions, coverage,
# findings) go to fuzz/target/fuzz-logs/. The growing corpus lives in fuzz/.cifuzz-corpus (ignored).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
duration="${DURATION:-4m}"
# Jazzer's max_executions: stop after this many inputs (whichever of it and DURATION comes first).
executions="${EXECUTIONS:-}"
logs="fuzz/target/fuzz-logs"
targets_dir="fuzz/src/test/java"

all_targets() {
  grep -rl --include='*FuzzTest.java' '@FuzzTest' "$targets_dir" | sort | xargs -n1 basename | sed 's/\.java$//'
}

if [[ "${1:-}" == "list" ]]; then
  all_targets
  exit 0
fi

if [[ "${1:-}" == "seeds" ]]; then
  ./mvnw -q -o -pl fuzz -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz.classpath || exit 2
  exec java -cp "fuzz/target/test-classes:$(cat fuzz/target/fuzz.classpath)" \
    dev.teepol.fuzz.GenerateFuzzSeeds fuzz/src/test/resources examples
fi

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(all_targets)
fi
mkdir -p "$logs"
summary="$logs/summary.tsv"
printf 'target\tduration\texecutions\texec/s\tcoverage(cov)\tfeatures(ft)\tcorpus\tresult\tfindings\tload(start..end)\n' > "$summary"

# Instrument teepol and the libraries that parse for it (JSON, YAML, ASN.1/X.509, JOSE, CEL).
includes="dev.teepol.**:org.eclipse.parsson.**:org.yaml.snakeyaml.**:com.fasterxml.jackson.**:org.bouncycastle.asn1.**:com.nimbusds.**:dev.cel.**"

for t in "${targets[@]}"; do
  log="$logs/$t.log"
  echo "== $t ($duration) $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  before=$(find fuzz/src/test/resources -path "*${t}Inputs*" -type f ! -name 'seed-*' | sort)
  start=$(date +%s)
  load_start=$(cut -d' ' -f1 /proc/loadavg)
  JAZZER_FUZZ=1 ./mvnw -o test -pl fuzz -am \
    -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.apply.skip=true \
    -Dmaven.test.redirectTestOutputToFile=false \
    -Djazzer.max_duration="$duration" \
    ${executions:+-Djazzer.max_executions="$executions"} \
    -Djazzer.instrumentation_includes="$includes" \
    -Djunit.jupiter.execution.timeout.testtemplate.method.default=1s \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -DargLine="-Xmx512m -XX:+UseSerialGC" > "$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  after=$(find fuzz/src/test/resources -path "*${t}Inputs*" -type f ! -name 'seed-*' | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | xargs -r -n1 basename | tr '\n' ' ')
  # libFuzzer's last status line: "#N  DONE  cov: C ft: F corp: K/S exec/s: E ..." (or the last pulse).
  last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
  execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<< "$last")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<< "$last")
  eps=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<< "$last")
  result=$([[ $rc -eq 0 ]] && echo ok || echo FAILED)
  printf '%s\t%ss\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$secs" "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result" "${new:-none}" "$load_start..$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$summary"
done
echo "summary: $summary"
