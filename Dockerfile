# syntax=docker/dockerfile:1
# Build: the Maven wrapper fetches Maven 3.9; dependencies get their own layer.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q -DskipTests -Dspring-javaformat.skip=true package \
 && java -Djarmode=tools -jar target/ticket-booking-*-SNAPSHOT.jar extract --layers --launcher --destination /layers

# Run: JRE only, unprivileged user, Spring Boot's layers (dependencies change less than our code).
FROM eclipse-temurin:25-jre
RUN groupadd --system app && useradd --system --gid app --home /app app
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER app
EXPOSE 8000
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
