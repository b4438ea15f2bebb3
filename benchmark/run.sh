#!/usr/bin/env bash
# The ticket-war benchmark, end to end, on this machine (docs/benchmarks.md).
#
#   benchmark/run.sh                      # both strategies: sell-out + sustained, and the no-op floor
#   STRATEGIES=redis-gate benchmark/run.sh
#   RATES=1000,2000 STEP_SECONDS=10 BUYERS=20000 benchmark/run.sh   # a quicker, smaller run
#
# It builds the application jar, starts it against the machine's PostgreSQL, Redis and RabbitMQ
# (a fresh database per strategy), prepares buyers and events (BenchSetup), runs the Gatling
# simulations, checks oversell in PostgreSQL, scrapes the server-side latency by outcome, stops
# the application, and writes everything under target/bench/<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"

# 100,000 buyers arriving in 10 s open as many sockets: lift the open-files limit as far as allowed
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true

STRATEGIES=${STRATEGIES:-"redis-gate postgres-only"}
BUYERS=${BUYERS:-100000}
CAPACITY=${CAPACITY:-10000}
RATES=${RATES:-500,1000,1500,2000,3000,4000}
PG_RATES=${PG_RATES:-100,200,300,500,1000}   # the Postgres-only baseline collapses far earlier
STEP_SECONDS=${STEP_SECONDS:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
PORT=${BENCH_PORT:-18000}
BASE_URL=http://127.0.0.1:$PORT
RUN=target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
KEY=target/bench/jwt.pem
[ -f "$KEY" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY" 2>/dev/null
KEY=$(cd "$(dirname "$KEY")" && pwd)/jwt.pem

echo "== building the application jar"
./mvnw -q -B -ntp -DskipTests -Dspring-javaformat.skip=true package
JAR=$(ls target/ticket-booking-*.jar | grep -v original | head -1)
(cd benchmark && ../mvnw -q -B -ntp test-compile)

psql_admin() { psql -h 127.0.0.1 -U postgres -qtAc "$1"; }
app_pid=""
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; app_pid=""; }
trap stop_app EXIT

gatling() { # simulation, report name, extra -D...
  local simulation=$1 name=$2; shift 2
  (cd benchmark && ../mvnw -q -B -ntp gatling:test -Dgatling.simulationClass="io.ticketbooking.bench.$simulation" \
     -Dbench.dir="$RUN/$STRATEGY" -Dbench.baseUrl="$BASE_URL" "$@") \
     > "$RUN/$STRATEGY/$name.gatling.log" 2>&1 || true
  local report; report=$(ls -dt benchmark/target/gatling/*/ 2>/dev/null | head -1)
  mkdir -p "$RUN/$STRATEGY/gatling"
  mv "$report" "$RUN/$STRATEGY/gatling/$name"
  java -cp "benchmark/target/test-classes:$(cat benchmark/target/classpath.txt)" io.ticketbooking.bench.BenchReport \
     "$RUN/$STRATEGY/gatling/$name" "$STEP_SECONDS" | tee "$RUN/$STRATEGY/$name.txt"
}
(cd benchmark && ../mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test)

for STRATEGY in $STRATEGIES; do
  echo "== strategy $STRATEGY"
  mkdir -p "$RUN/$STRATEGY"
  DB=ticketbooking_bench
  psql_admin "drop database if exists $DB with (force)"
  psql_admin "create database $DB"
  SERVER_PORT=$PORT DB_HOST=127.0.0.1 DB_NAME=$DB DB_USER=postgres DB_PASSWORD= \
  REDIS_HOST=127.0.0.1 RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672 RABBITMQ_QUEUE_TYPE=${RABBITMQ_QUEUE_TYPE:-quorum} \
  JWT_PRIVATE_KEY="$(cat "$KEY")" RESERVE_STRATEGY=$STRATEGY HOLD_TTL=30m \
  RESERVE_RATE_LIMIT=1000 LOG_FORMAT= DB_POOL_SIZE=32 \
    java -Xms1g -Xmx2g -XX:+UseParallelGC -jar "$JAR" > "$RUN/$STRATEGY/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do curl -fs "$BASE_URL/ping" >/dev/null 2>&1 && break; sleep 1; done

  echo "-- setup ($BUYERS buyers, $CAPACITY units)"
  (cd benchmark && BASE_URL=$BASE_URL DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=postgres \
     JWT_KEY_FILE="$KEY" BUYERS=$BUYERS SELLOUT_CAPACITY=$CAPACITY \
     java -cp "target/test-classes:$(cat target/classpath.txt)" io.ticketbooking.bench.BenchSetup "$RUN/$STRATEGY")

  if [ "$STRATEGY" = redis-gate ]; then
    echo "-- sustained authenticated no-op (the floor; also warms the JVM up)"
    gatling SustainedSimulation noop -Dbench.target=noop -Dbench.rates="$RATES" \
       -Dbench.stepSeconds="$STEP_SECONDS" -Dbench.warmupSeconds="$WARMUP_SECONDS"
  fi

  echo "-- sustained reserve against sold-out stock (profiled with JFR)"
  jcmd "$app_pid" JFR.start name=sustained settings=profile filename="$RUN/$STRATEGY/sustained.jfr" >/dev/null
  rates=$RATES; [ "$STRATEGY" = postgres-only ] && rates=$PG_RATES
  gatling SustainedSimulation sustained -Dbench.target=reserve -Dbench.rates="$rates" \
     -Dbench.stepSeconds="$STEP_SECONDS" -Dbench.warmupSeconds="$WARMUP_SECONDS"
  jcmd "$app_pid" JFR.stop name=sustained >/dev/null
  jfr view --width 200 hot-methods "$RUN/$STRATEGY/sustained.jfr" > "$RUN/$STRATEGY/hot-methods.txt" 2>&1 || true
  jfr view --width 200 cpu-load "$RUN/$STRATEGY/sustained.jfr" > "$RUN/$STRATEGY/cpu-load.txt" 2>&1 || true

  echo "-- sell-out: $BUYERS buyers within 10 s for $CAPACITY units"
  gatling SellOutSimulation sellout -Dbench.buyers="$BUYERS"
  sleep 2
  ttid=$(grep sellout.ticketTypeId "$RUN/$STRATEGY/run.properties" | cut -d= -f2)
  psql -h 127.0.0.1 -U postgres -d $DB -c "
    select tt.capacity,
           coalesce(sum(o.quantity), 0) as units_sold,
           greatest(coalesce(sum(o.quantity), 0) - tt.capacity, 0) as oversold,
           (select count(*) from inventory_units u where u.ticket_type_id = tt.id and u.order_id is not null) as unit_rows_taken,
           count(o.id) as orders,
           round(extract(epoch from max(o.created_at) - min(o.created_at))::numeric, 2) as seconds_first_to_last_sale
    from ticket_types tt left join orders o on o.ticket_type_id = tt.id and o.status in ('RESERVED', 'CONFIRMED')
    where tt.id = '$ttid' group by tt.id" | tee "$RUN/$STRATEGY/sellout.sql.txt"
  curl -fs "$BASE_URL/actuator/prometheus" | python3 benchmark/scripts/server_latency.py > "$RUN/$STRATEGY/server-latency.txt" || true
  cat "$RUN/$STRATEGY/server-latency.txt"
  stop_app
done
echo "== results in $RUN"
