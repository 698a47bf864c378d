#!/usr/bin/env bash
# Whole-process start-up of `teepol verify` on the bundled TDX example, timed with hyperfine
# (Debian package `hyperfine`). Figures in docs/performance.md, "CLI start-up".
#
#   benchmarks/startup.sh                 # the launcher as it is (uses the CDS archive when present)
#   RUNS=50 benchmarks/startup.sh         # more runs
#   TEEPOL_CDS=off benchmarks/startup.sh  # the same launcher without the archive, for comparison
#   JAR=/tmp/old.jar benchmarks/startup.sh  # another shaded jar (java -jar JAR), e.g. from an older commit
#
# Build first: ./mvnw -q -o package -DskipTests. Extra arguments go to hyperfine (e.g. --export-json f.json).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v hyperfine >/dev/null || { echo "startup.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
runs="${RUNS:-20}"
args="verify examples/tdx/quote.bin --collateral examples/tdx/collateral --trust-anchor examples/tdx/root_ca.der --at 2025-01-01T00:00:00Z"
if [[ -n "${JAR:-}" ]]; then
  cmd="java -jar $JAR $args"
else
  cmd="./teepol $args"
fi
echo "machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 3 --runs "$runs" --shell=none "$cmd" "$@"
