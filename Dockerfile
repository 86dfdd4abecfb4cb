# syntax=docker/dockerfile:1
# Build: docker build -t gratitude .
# Run:   docker run -p 8080:8080 -v gratitude-data:/app/data gratitude
# (zero set-up: H2 under /app/data and the embedded SMTP sink; see config/ for MySQL and real SMTP)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY templates ./templates
RUN mvn -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/gratitude-*.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system gratitude && useradd --system --gid gratitude --home-dir /app --shell /usr/sbin/nologin gratitude
WORKDIR /app
# Layers from least to most often changed, so a code change rebuilds only the last one.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
RUN mkdir -p /app/data && chown gratitude:gratitude /app/data
USER gratitude
ENV GRATITUDE_DATA_DIR=/app/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/app/data"]
EXPOSE 8080
# No curl in the JRE image: ask the health endpoint over bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
