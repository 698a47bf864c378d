#!/usr/bin/env sh
# Regenerates examples/tdx, examples/tpm, examples/confidentialspace and examples/mock from the
# project's simulators (test scope of the providers module).
# Needs only a JDK 17+: the Maven wrapper fetches Maven and the dependencies.
set -eu
cd "$(dirname "$0")/.."

# One reactor run compiles core + providers (main and test) and writes the providers test
# classpath; in the reactor, core resolves to its target/ directories, so nothing is installed.
./mvnw -q -pl providers -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/sim.classpath

CP="providers/target/test-classes:providers/target/classes:$(cat providers/target/sim.classpath)"
java -cp "$CP" dev.teepol.providers.tdx.sim.GenerateExamples examples/tdx
java -cp "$CP" dev.teepol.providers.tpm.sim.GenerateTpmExamples examples/tpm
java -cp "$CP" dev.teepol.providers.confidentialspace.sim.GenerateTokenExamples examples/confidentialspace
java -cp "$CP" dev.teepol.providers.mock.GenerateMockExamples examples/mock
