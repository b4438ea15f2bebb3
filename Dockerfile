# Ticket Booking Service image: docker build -t ticket-booking .  (or docker-compose up -d --build)
# Uses no BuildKit-only syntax, so the classic builder behind docker-compose 1.29 builds it too.

# ---- build: JDK 25; the Maven wrapper fetches Maven 3.9.11 itself --------------------------------
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src

# Dependencies first: this layer is rebuilt only when pom.xml or the wrapper changes.
# (The image has no curl/wget/unzip; mvnw then downloads Maven with a small Java program and the
# tar.gz distribution, which is fine.)
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline

# The sources. Tests and the format check run in CI (.ci/run), not in the image build.
COPY src src
RUN ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true package \
 && cp target/ticket-booking-*.jar /app.jar \
 && java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /layers

# ---- run: JRE 25 only, unprivileged, Spring Boot's layers (libraries change less than our code) ---
FROM eclipse-temurin:25-jre
RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER app

EXPOSE 8000
# Heap sized from the container's memory limit; an OutOfMemoryError ends the process so that the
# orchestrator restarts it instead of leaving a half-working instance. Java thread priorities mapped
# to the OS's, only downwards: the ticket printers (MIN_PRIORITY) run at nice 10, so the sale gets the
# cores first (docs/tickets.md; as a non-root user the JVM warns once that it may lack permission,
# which only raising would need). Override with -e JAVA_OPTS=…
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:ThreadPriorityPolicy=1 \
 -XX:JavaPriority1_To_OSPriority=10 -XX:JavaPriority6_To_OSPriority=0 -XX:JavaPriority7_To_OSPriority=0 \
 -XX:JavaPriority8_To_OSPriority=0 -XX:JavaPriority9_To_OSPriority=0 -XX:JavaPriority10_To_OSPriority=0"

# The JRE image has neither curl nor wget: bash's /dev/tcp asks the health endpoint, which answers
# 200 only while PostgreSQL, Redis, RabbitMQ and S3 are all reachable (503 otherwise).
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8000} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# exec: the JVM is PID 1 and receives SIGTERM directly, so the graceful shutdown
# (server.shutdown=graceful) lets in-flight requests finish.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "app"]
