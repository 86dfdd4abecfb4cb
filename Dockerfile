# syntax=docker/dockerfile:1
# Build: docker build -t gratitude .
# Run:   docker run -p 8080:8080 -v gratitude-data:/app/data gratitude
# (zero set-up: H2 under /app/data and the embedded SMTP sink; config/docker-compose.yml runs
# two nodes on MySQL with Mailpit. See docs/operations.md, "Deploy".)
#
# Base images: the Java 17 line on Ubuntu 24.04 (noble), so security updates arrive with a
# rebuild. For reproducible production builds pin them by digest
# (eclipse-temurin:17-jre-noble@sha256:…) and let Renovate or Dependabot move the pin.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-noble

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
COPY src/main ./src/main
COPY templates ./templates
# The Maven repository is a cache mount: dependencies survive between builds without
# landing in a layer. Tests run in CI (mvn verify), not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -Dmaven.test.skip=true -Djacoco.skip=true \
    && java -Djarmode=tools -jar target/gratitude-*.jar extract --layers --launcher --destination /extracted

FROM ${RUNTIME_IMAGE}
# A fixed numeric id, so that Kubernetes' runAsNonRoot can verify it and a bind-mounted
# data directory can be given to it (chown 10001).
RUN groupadd --system --gid 10001 gratitude \
    && useradd --system --uid 10001 --gid gratitude --home-dir /app --no-create-home --shell /usr/sbin/nologin gratitude \
    && mkdir -p /app/data \
    && chown gratitude:gratitude /app/data \
    && chmod 700 /app/data
WORKDIR /app
# Layers from least to most often changed, so a code change rebuilds only the last one.
# The application files stay root's: the process can read them, not change them.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# Actuator on its own port (9000), for monitoring only: do not publish it to the outside.
# /livez and /readyz stay on the main port 8080. Health details are shown on 9000 only.
ENV GRATITUDE_DATA_DIR=/app/data \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_PORT=9000 \
    MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS=always \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080 9000
# Healthy = ready (database and scheduler UP), as a proxy routing on Docker health expects.
# No curl in the JRE image: bash's /dev/tcp, and the status line's code (the body lists
# components, whose own "UP" proves nothing about the whole).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == 'HTTP/1.'?' 200'* ]]"]
# Java is PID 1 (exec form): SIGTERM from docker stop starts the graceful shutdown.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
