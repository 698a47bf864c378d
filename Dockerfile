# teepol as a container image: the CLI and its launcher, run as an unprivileged user.
#   docker build -t teepol .
#   docker run --rm -v "$PWD/examples:/work:ro" teepol verify /work/tdx/quote.bin \
#       --collateral /work/tdx/collateral --trust-anchor /work/tdx/root_ca.der --at 2025-01-01T00:00:00Z
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -DskipTests package

FROM eclipse-temurin:17-jre
# The launcher finds the jar next to itself (it resolves the symlink on PATH).
COPY --from=build /src/cli/target/teepol-cli.jar /opt/teepol/cli/target/teepol-cli.jar
COPY --from=build /src/teepol /opt/teepol/teepol
RUN ln -s /opt/teepol/teepol /usr/local/bin/teepol \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin teepol
USER 10001
WORKDIR /work
ENTRYPOINT ["teepol"]
CMD ["--help"]
