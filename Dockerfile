# teepol as a container image: the CLI and its launcher, run as an unprivileged user.
#   docker build -t teepol .
#   docker run --rm -v "$PWD/examples:/work:ro" teepol verify /work/tdx/quote.bin \
#       --collateral /work/tdx/collateral --trust-anchor /work/tdx/root_ca.der --at 2025-01-01T00:00:00Z
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -DskipTests -Dteepol.cds.skip=true package

FROM eclipse-temurin:17-jre
# The launcher finds the jar next to itself (it resolves the symlink on PATH).
COPY --from=build /src/cli/target/teepol-cli.jar /opt/teepol/cli/target/teepol-cli.jar
COPY --from=build /src/teepol /opt/teepol/teepol
COPY --from=build /src/examples/tdx /tmp/cds-training
# The class-data-sharing archive must be written by the JVM that will map it and for the jar at its
# final path, so it is made here, by one training verification, rather than in the build stage.
RUN ln -s /opt/teepol/teepol /usr/local/bin/teepol \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin teepol \
    && TEEPOL_CDS=off TEEPOL_JAVA_OPTS="-XX:ArchiveClassesAtExit=/opt/teepol/cli/target/teepol.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
       teepol verify /tmp/cds-training/quote.bin --collateral /tmp/cds-training/collateral \
       --trust-anchor /tmp/cds-training/root_ca.der --at 2025-01-01T00:00:00Z -q \
    && rm -rf /tmp/cds-training
USER 10001
WORKDIR /work
ENTRYPOINT ["teepol"]
CMD ["--help"]
