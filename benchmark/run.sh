#!/usr/bin/env bash
# The ticket-war benchmark, end to end, on this machine (docs/benchmarks.md).
#
#   benchmark/run.sh                      # everything: wrk saturation, then Gatling for both strategies
#   MODE=wrk benchmark/run.sh             # only the wrk saturation phase (~5 min)
#   MODE=gatling benchmark/run.sh         # only the Gatling phases (open model, fixed arrival rates)
#   MODE=wrk WRK_SECONDS=5 WRK_WARMUP_SECONDS=5 benchmark/run.sh               # a quick try of wrk
#   MODE=gatling RATES=500,1000 PG_RATES=100,500 STEP_SECONDS=10 BUYERS=15000 benchmark/run.sh  # smaller Gatling run
#   MODE=wrk BASE_REF=<git rev> benchmark/run.sh  # before/after: the rev's jar measured first, in the same run
#   MODE=nginx benchmark/run.sh           # scale-out: 1 and 2 instances behind nginx, in one run (~6 min)
#   MODE=streams benchmark/run.sh         # live availability: 10,000 SSE streams on one instance (~5 min)
#   MODE=streams STREAMS=2000 WRK_SECONDS=5 WRK_WARMUP_SECONDS=5 benchmark/run.sh  # a quick try of it
#   MODE=queue benchmark/run.sh           # the waiting room: joins and position reads ÷ /ping, then a
#                                         # sell-out of 10,000 units to 100,000 queued buyers (~10 min)
#   MODE=queue QUEUE_BUYERS=5000 QUEUE_CAPACITY=500 WRK_SECONDS=5 WRK_WARMUP_SECONDS=5 benchmark/run.sh  # quick
#   QUEUE_PROFILE=1 (with MODE=queue): one more run of joins and of position reads each under JFR, into
#                                         queue/profile/ (not measurements)
#   QUEUE_PROFILE=async (with MODE=queue): the same under async-profiler (CPU time with native and
#                                         kernel-bound frames, which JFR does not sample), collapsed
#                                         stacks into queue/profile/<route>.collapsed (not measurements)
#   QUEUE_STOP_AFTER=joins (with MODE=queue): stop after the joins (a quick look at the join alone)
#   MODE=issuance benchmark/run.sh        # tickets: PDFs per second after a burst of paid orders, and the
#                                         # reserve ratios to /ping at rest and while issuing (~6 min)
#   MODE=issuance ISSUE_ORDERS=1000 WRK_SECONDS=5 WRK_WARMUP_SECONDS=5 benchmark/run.sh  # quick
#   ISSUE_PROFILE=1 (with MODE=issuance): one more round under JFR into issuance/profile/ (not a measurement)
#
# It builds the application jar, starts it against the machine's PostgreSQL, Redis and RabbitMQ
# (a fresh database per application start), prepares buyers and events (BenchSetup), and writes
# everything under target/bench/<timestamp>/:
#
#   wrk/      the saturation phase (closed model, wrk -t$WRK_THREADS -c$WRK_CONNECTIONS): one
#             application start with the Redis gate (warm-up; then /ping, the authenticated no-op,
#             sold-out reserve, reserve with stock left), then one with BENCHMARK_BASELINE=postgres-only
#             (same warm-up; /ping, sold-out reserve). With BASE_REF, the redis-gate start is made
#             first with the jar built from that revision (app start "base"), so before and after
#             are two starts of one run, each divided by its own /ping. Every raw wrk output is wrk/<name>.txt;
#             wrk/summary.md has req/s, latency, status counts and every ratio, all from this run.
#   nginx/    the scale-out phase (MODE=nginx): two instances on one database and Redis (REDIS_CLUSTER_NODES
#             for a cluster), nginx (Debian's, deploy/nginx/ticket-booking.conf) in front of one of them
#             and a second nginx in front of both; /ping straight to an instance, then /ping, sold-out
#             reserve and reserve with stock left through each nginx; CPU per process for each
#             measurement (what bounds it on this machine); nginx/summary.md has every ratio.
#   streams/  the live-availability phase (MODE=streams), one application start: warm-up; wrk /ping,
#             sold-out reserve and reserve with stock left without streams; then STREAMS Server-Sent
#             Events streams of the stock-left event held by benchmark/scripts/sse_streams.py (held,
#             refused, failed; the fan-out latency of STREAMS_CHANGES single reservations to every
#             stream); the same wrk measurements with the streams open; the app's CPU and memory.
#             streams/client/streams.json and .txt are the client's raw results; streams/summary.md.
#   issuance/ the ticket-issuance phase (MODE=issuance), one application start with s3proxy as its S3
#             (a process of its own, storing on disk): warm-up; wrk /ping, sold-out reserve and reserve
#             with stock left; round "warm" (not measured: the JIT's first PDFs); round "rest":
#             ISSUE_ORDERS buyers reserve ISSUE_QUANTITY tickets each and pay (simulated checkout, signed
#             webhook) while IssuanceRun counts stored PDFs every 200 ms; wrk /ping, sold-out reserve and
#             reserve with stock left with nothing to print; round "load": ISSUE_LOAD_ORDERS orders, and
#             as soon as the last is paid the same wrk measurements run while the backlog is printed. issuance/summary.md: PDFs per second, the
#             time from the last confirmation to the last PDF stored, every ratio, CPU per process.
#   <strategy>/  the Gatling phases per strategy: the no-op floor (which is also the warm-up, the
#             same for both), sustained reserve against sold-out stock, the sell-out timed by its
#             commits, oversell checked in PostgreSQL, server-side latency by outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"

MODE=${MODE:-both}
case "$MODE" in wrk | gatling | both | nginx | streams | queue | issuance) ;; *) echo "MODE must be wrk, gatling, both, nginx, streams, queue or issuance (got '$MODE')" >&2; exit 2 ;; esac
run_wrk() { [ "$MODE" = wrk ] || [ "$MODE" = both ] || [ "$MODE" = nginx ] || [ "$MODE" = streams ] || [ "$MODE" = queue ] || [ "$MODE" = issuance ]; }
run_gatling() { [ "$MODE" = gatling ] || [ "$MODE" = both ]; }

# --- wrk saturation phase
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_SECONDS=${WRK_SECONDS:-15}
WRK_WARMUP_SECONDS=${WRK_WARMUP_SECONDS:-20}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
WRK_TOKEN_COUNT=${WRK_TOKEN_COUNT:-200}            # buyers rotated over for the auth no-op and sold-out reserve
WRK_STOCK_BUYERS=${WRK_STOCK_BUYERS:-10000}        # buyers rotated over for reserve with stock left
WRK_STOCK_CAPACITY=${WRK_STOCK_CAPACITY:-1000000}  # units of the stock-left ticket type (≤ 1,000,000)
WRK_STOCK_PER_USER=${WRK_STOCK_PER_USER:-100}      # its per-user limit: WRK_STOCK_BUYERS × this many wins at most
# per-user reserve attempts per RESERVE_RATE_PERIOD (10 s); high, so that no 429 is measured (the
# gate script still takes the bucket on every attempt, so its cost is in every reserve figure)
WRK_RESERVE_RATE_LIMIT=${WRK_RESERVE_RATE_LIMIT:-1000000}

# --- streams phase (MODE=streams): live availability over Server-Sent Events
STREAMS=${STREAMS:-10000}                       # SSE streams to open on the one instance
STREAMS_RATE=${STREAMS_RATE:-1000}              # new streams per second
STREAMS_CHANGES=${STREAMS_CHANGES:-5}           # single reservations whose fan-out is timed
STREAMS_CHANGE_INTERVAL=${STREAMS_CHANGE_INTERVAL:-3}  # seconds between them
STREAMS_MISS_AFTER=${STREAMS_MISS_AFTER:-10}    # a stream that has not seen a change by then is a miss
STREAMS_READ_DURING_WRK=${STREAMS_READ_DURING_WRK:-0}  # 1: the client keeps reading while wrk measures
STREAMS_HEAP=${STREAMS_HEAP:-4g}                # the instance's -Xmx: ~110 KiB per stream on top of the 2g of the other modes

# --- queue phase (MODE=queue): the waiting room
QUEUE_BUYERS=${QUEUE_BUYERS:-100000}            # accounts that join the queue (each its own token)
QUEUE_CAPACITY=${QUEUE_CAPACITY:-10000}         # units of the queued ticket type, one per buyer
QUEUE_RATE=${QUEUE_RATE:-60000}                 # admissions per minute during the sell-out
QUEUE_CONCURRENCY=${QUEUE_CONCURRENCY:-256}     # the sell-out client's requests in flight at most

# --- issuance phase (MODE=issuance): tickets printed after a burst of paid orders
ISSUE_ORDERS=${ISSUE_ORDERS:-5000}              # paid orders of the warm-up round and of the round at rest
ISSUE_LOAD_ORDERS=${ISSUE_LOAD_ORDERS:-$((2 * ISSUE_ORDERS))}  # of the round printed while wrk measures: its
                                                # backlog must outlast the three measurements
ISSUE_QUANTITY=${ISSUE_QUANTITY:-2}             # tickets per order
ISSUE_CONCURRENCY=${ISSUE_CONCURRENCY:-64}      # the paying client's requests in flight at most
BENCH_S3_PORT=${BENCH_S3_PORT:-18900}

# --- Gatling phases
STRATEGIES=${STRATEGIES:-"redis-gate postgres-only"}
BUYERS=${BUYERS:-100000}          # sell-out buyers, each with its own token and connection
PHASE_BUYERS=${PHASE_BUYERS:-10000}  # separate, fresh buyers for the no-op floor and for sustained reserve
CAPACITY=${CAPACITY:-10000}
RATES=${RATES:-500,1000,1500,2000,3000,4000}
PG_RATES=${PG_RATES:-100,200,300,500,1000}   # the Postgres-only baseline collapses far earlier
STEP_SECONDS=${STEP_SECONDS:-15}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
WARMUP_RATE=${WARMUP_RATE:-500}   # the same warm-up for both strategies and both targets
RESERVE_RATE_LIMIT=${RESERVE_RATE_LIMIT:-1000}

# the JVM's thread priorities mapped to the OS's, only downwards: MIN_PRIORITY threads (the ticket
# printers) run at nice 10, every other thread at 0 (as the Dockerfile's JAVA_OPTS; docs/tickets.md).
# APP_PRIORITIES= (empty) starts the app without them.
APP_PRIORITIES=${APP_PRIORITIES--XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10 -XX:JavaPriority6_To_OSPriority=0 -XX:JavaPriority7_To_OSPriority=0 -XX:JavaPriority8_To_OSPriority=0 -XX:JavaPriority9_To_OSPriority=0 -XX:JavaPriority10_To_OSPriority=0}

PORT=${BENCH_PORT:-18000}
BASE_URL=http://127.0.0.1:$PORT

# Every Gatling arrival holds a socket until it is answered or times out (requestTimeout, 10 s in
# benchmark/src/test/resources/gatling.conf): the sell-out holds up to BUYERS at once, a sustained
# step the app cannot keep up with up to 10 s x its rate. The open-files limit must cover that, or
# the client fails arrivals without sending them ("Too many open files").
REQUEST_TIMEOUT_SECONDS=10
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
if run_gatling; then
  max_rate=$(echo "$RATES,$PG_RATES" | tr ',' '\n' | sort -n | tail -1)
  need=$BUYERS
  if [ $((max_rate * REQUEST_TIMEOUT_SECONDS)) -gt "$need" ]; then need=$((max_rate * REQUEST_TIMEOUT_SECONDS)); fi
  need=$((need + 2048))
  have=$(ulimit -n)
  if [ "$have" != unlimited ] && [ "$have" -lt "$need" ]; then
    cat >&2 <<EOF
FAIL: Gatling needs an open-files limit of at least $need: BUYERS=$BUYERS sell-out sockets or
$REQUEST_TIMEOUT_SECONDS s x the highest sustained rate ($max_rate/s), whichever is more, plus 2048 for the
client's own files. This shell can have $have (hard limit $(ulimit -Hn)). Either raise the hard limit
(e.g. 'docker run --ulimit nofile=200000:200000', /etc/security/limits.conf, or 'prlimit
--nofile=200000:200000 --pid <pid of the calling shell>' as a privileged user), or run with
BUYERS <= $((have - 2048)) and RATES, PG_RATES <= $(((have - 2048) / REQUEST_TIMEOUT_SECONDS))/s.
Gatling is not run with a limit that would leave arrivals unsent.
EOF
    exit 1
  fi
fi
command -v wrk >/dev/null || ! run_wrk || { echo "FAIL: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

RUN=target/bench/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
KEY=target/bench/jwt.pem
[ -f "$KEY" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY" 2>/dev/null
KEY=$(cd "$(dirname "$KEY")" && pwd)/jwt.pem
{
  echo "commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "mode=$MODE"
  echo "cpus=$(nproc)"
  echo "open_files=$(ulimit -n)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  if run_wrk; then echo "wrk=$(wrk --version 2>&1 | head -1)"; fi
  # settings the application takes from the environment that the benchmark does not set itself
  echo "app_priorities=$APP_PRIORITIES"
  echo "app_env=$(env | grep -E '^(SERVER_TOMCAT_|SERVER_MAX_|SERVER_KEEP_ALIVE|AVAILABILITY_|STREAM_|TICKETS_ISSUE_)' | sort | tr '\n' ' ')"
} > "$RUN/run.txt"

echo "== building the application jar (with the benchmark's Postgres-only baseline, benchmark/baseline)"
./mvnw -q -B -ntp -Pbenchmark-baseline -DskipTests -Dspring-javaformat.skip=true package
JAR=$(ls target/ticket-booking-*.jar | grep -v original | head -1)
BASE_JAR=""
if [ -n "${BASE_REF:-}" ]; then
  base_rev=$(git rev-parse --verify "$BASE_REF^{commit}")
  echo "== building the jar of BASE_REF $BASE_REF ($base_rev) in a worktree"
  base_tree=$PWD/target/bench/base-$base_rev
  [ -d "$base_tree" ] || git worktree add -q --detach "$base_tree" "$base_rev"
  (cd "$base_tree" && ./mvnw -q -B -ntp -DskipTests -Dspring-javaformat.skip=true package)
  BASE_JAR=$(ls "$base_tree"/target/ticket-booking-*.jar | grep -v original | head -1)
  echo "base=$base_rev ($BASE_REF)" >> "$RUN/run.txt"
fi
(cd benchmark && ../mvnw -q -B -ntp test-compile)
(cd benchmark && ../mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test)
BENCH_CP="$PWD/benchmark/target/test-classes:$(cat benchmark/target/classpath.txt)"

DB=${BENCH_DB:-ticketbooking_bench}   # dropped and created afresh for every application start
psql_admin() { psql -h 127.0.0.1 -U postgres -qtAc "$1"; }
app_pid=""
stop_app() { if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi; app_pid=""; }
extra_pids=""   # the scale-out phase's second instance and its nginx processes
stop_all() { stop_app; for p in $extra_pids; do kill "$p" 2>/dev/null || true; done; extra_pids=""; }
trap stop_all EXIT

start_app() { # strategy, directory for app.log, per-user reserve attempts per 10 s[, jar[, port[, keep database]]]
  local strategy=$1 dir=$2 rate_limit=$3 jar=${4:-$JAR} port=${5:-$PORT} keep_db=${6:-} baseline=""
  [ "$strategy" = postgres-only ] && baseline=postgres-only
  mkdir -p "$dir"
  if [ -z "$keep_db" ]; then
    psql_admin "drop database if exists $DB with (force)"
    psql_admin "create database $DB"
  fi
  SERVER_PORT=$port DB_HOST=127.0.0.1 DB_NAME=$DB DB_USER=postgres DB_PASSWORD= \
  REDIS_HOST=127.0.0.1 REDIS_CLUSTER_NODES=${REDIS_CLUSTER_NODES:-} \
  RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672 RABBITMQ_QUEUE_TYPE=${RABBITMQ_QUEUE_TYPE:-quorum} \
  JWT_PRIVATE_KEY="$(cat "$KEY")" BENCHMARK_BASELINE=$baseline HOLD_TTL=30m \
  RESERVE_RATE_LIMIT=$rate_limit LOG_FORMAT= DB_POOL_SIZE=32 \
    java -Xms1g -Xmx"${APP_HEAP:-2g}" -XX:+UseParallelGC $APP_PRIORITIES -jar "$jar" > "$dir/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/ping" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 1
  done
  echo "FAIL: the application did not start; see $dir/app.log" >&2
  tail -20 "$dir/app.log" >&2
  exit 1
}

setup() { # output directory, then VAR=value... for BenchSetup
  local out=$1; shift
  (cd benchmark && env BASE_URL="$BASE_URL" DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=postgres \
     JWT_KEY_FILE="$KEY" "$@" java -cp "$BENCH_CP" io.ticketbooking.bench.BenchSetup "$out")
}

prop() { grep "^$2=" "$1/run.properties" | cut -d= -f2; }

# ------------------------------------------------------------------------------------------------
# wrk: the service at saturation, every figure as a ratio to /ping of the same run
# ------------------------------------------------------------------------------------------------
W=$RUN/wrk
wrk_one() { # file name (without .txt), seconds, method, url, VAR=value... for bench.lua
  local name=$1 seconds=$2 method=$3 url=$4; shift 4
  mkdir -p "$(dirname "$W/$name.txt")"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  {
    echo "# wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${seconds}s --timeout $WRK_TIMEOUT --latency -s benchmark/wrk/bench.lua $url"
    echo "# method=$method $*"
    echo "# started=$(date -u +%Y-%m-%dT%H:%M:%SZ) load1_before=$load"
    env WRK_METHOD="$method" "$@" wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --timeout "$WRK_TIMEOUT" \
      --latency -s benchmark/wrk/bench.lua "$url" 2>&1
  } > "$W/$name.txt"
  echo "   $name: $(grep -h '^Requests/sec' "$W/$name.txt" || echo 'no result') ($(grep -ho 'statuses=.*' "$W/$name.txt" || true))"
}
# measured runs, recorded in wrk/measurements.tsv for the summary: app start, key, name
measure() { # app, key, then the wrk_one arguments after the name and seconds
  local app=$1 key=$2; shift 2
  wrk_one "$app-$key" "$WRK_SECONDS" "$@"
  printf '%s\t%s\t%s\n' "$app" "$key" "$app-$key.txt" >> "$W/measurements.tsv"
}

gate_start() { # app start name, jar: warm-up and measurements of the Redis gate
  local app=$1 jar=$2 dir=$W/$1
  local buyers=$((WRK_TOKEN_COUNT + WRK_STOCK_BUYERS))
  start_app redis-gate "$dir" "$WRK_RESERVE_RATE_LIMIT" "$jar"
  echo "-- setup ($buyers buyers; a sold-out ticket type; $WRK_STOCK_CAPACITY units at most $WRK_STOCK_PER_USER per buyer)"
  setup "$dir" BUYERS=$buyers SELLOUT_CAPACITY=0 STOCK_CAPACITY="$WRK_STOCK_CAPACITY" STOCK_PER_USER_LIMIT="$WRK_STOCK_PER_USER"
  local tokens=$dir/tokens.csv
  local sold_out stock
  sold_out="{\"eventId\":\"$(prop "$dir" sustained.eventId)\",\"ticketTypeId\":\"$(prop "$dir" sustained.ticketTypeId)\",\"quantity\":1}"
  stock="{\"eventId\":\"$(prop "$dir" stock.eventId)\",\"ticketTypeId\":\"$(prop "$dir" stock.ticketTypeId)\",\"quantity\":1}"
  local few=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM=0 WRK_TOKEN_COUNT="$WRK_TOKEN_COUNT")
  local many=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM="$WRK_TOKEN_COUNT" WRK_TOKEN_COUNT="$WRK_STOCK_BUYERS")
  echo "-- warm-up"
  wrk_one warmup/$app-ping "$WRK_WARMUP_SECONDS" GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  wrk_one warmup/$app-reserve-sold-out "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  wrk_one warmup/$app-reserve-stock-left "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  echo "-- measured"
  measure $app ping GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  measure $app auth-ping GET "$BASE_URL/api/v1/ping" "${few[@]}"
  measure $app reserve-sold-out POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  measure $app reserve-stock-left POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  sleep 1
  psql -h 127.0.0.1 -U postgres -d $DB -c "
    select tt.capacity, tt.per_user_limit,
           coalesce(sum(o.quantity), 0) as units_sold,
           greatest(coalesce(sum(o.quantity), 0) - tt.capacity, 0) as oversold,
           (select count(*) from inventory_units u where u.ticket_type_id = tt.id and u.order_id is not null) as unit_rows_taken,
           count(o.id) as orders, count(distinct o.user_id) as buyers,
           coalesce(max(per_user.n), 0) as most_units_one_buyer
    from ticket_types tt
    left join orders o on o.ticket_type_id = tt.id and o.status in ('RESERVED', 'CONFIRMED')
    left join (select user_id, sum(quantity) n from orders where ticket_type_id = '$(prop "$dir" stock.ticketTypeId)'
               group by user_id) per_user on per_user.user_id = o.user_id
    where tt.id = '$(prop "$dir" stock.ticketTypeId)' group by tt.id" > "$W/$app-stock-left.sql.txt" 2>&1 || true
  curl -fs "$BASE_URL/actuator/prometheus" | grep -E '^(inventory_reconciliations_total|inventory_rebuild_corrections_units_total)' \
    > "$dir/gate-metrics.txt" || true
  stop_app
}

wrk_phase() {
  echo "== wrk saturation phase (-t$WRK_THREADS -c$WRK_CONNECTIONS, ${WRK_WARMUP_SECONDS}s warm-ups, ${WRK_SECONDS}s measurements)"
  mkdir -p "$W"
  : > "$W/measurements.tsv"

  # 1. the product: the Redis gate (first the BASE_REF jar, when one is given)
  if [ -n "$BASE_JAR" ]; then gate_start base "$BASE_JAR"; fi
  gate_start redis-gate "$JAR"

  # 2. the baseline: Postgres only, on a fresh database, the same warm-up
  local app=postgres-only dir=$W/postgres-only tokens sold_out few
  start_app postgres-only "$dir" "$WRK_RESERVE_RATE_LIMIT"
  echo "-- setup ($WRK_TOKEN_COUNT buyers; a sold-out ticket type)"
  setup "$dir" BUYERS="$WRK_TOKEN_COUNT" SELLOUT_CAPACITY=0 STOCK_CAPACITY=0
  tokens=$dir/tokens.csv
  sold_out="{\"eventId\":\"$(prop "$dir" sustained.eventId)\",\"ticketTypeId\":\"$(prop "$dir" sustained.ticketTypeId)\",\"quantity\":1}"
  few=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM=0 WRK_TOKEN_COUNT="$WRK_TOKEN_COUNT")
  echo "-- warm-up"
  wrk_one warmup/$app-ping "$WRK_WARMUP_SECONDS" GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  wrk_one warmup/$app-reserve-sold-out "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  echo "-- measured"
  measure $app ping GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  measure $app reserve-sold-out POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  stop_app

  python3 benchmark/scripts/wrk_summary.py "$W" "$RUN/run.txt" \
    "threads=$WRK_THREADS connections=$WRK_CONNECTIONS seconds=$WRK_SECONDS warmup_seconds=$WRK_WARMUP_SECONDS timeout=$WRK_TIMEOUT token_count=$WRK_TOKEN_COUNT stock_buyers=$WRK_STOCK_BUYERS stock_capacity=$WRK_STOCK_CAPACITY stock_per_user=$WRK_STOCK_PER_USER reserve_rate_limit=$WRK_RESERVE_RATE_LIMIT" \
    > "$W/summary.md"
  cat "$W/summary.md"
}

# ------------------------------------------------------------------------------------------------
# Gatling: latency at fixed arrival rates (open model), and the sell-out
# ------------------------------------------------------------------------------------------------
# one source address has ~28,000 ephemeral ports towards the app's port: spread the sell-out's
# connections over as many loopback addresses as it needs
local_addresses() { local n=$(((BUYERS + 19999) / 20000)) list=""; for i in $(seq 1 "$n"); do list="$list${list:+,}127.0.0.$i"; done; echo "$list"; }

gatling() { # simulation, report name, extra -D...
  local simulation=$1 name=$2; shift 2
  (cd benchmark && ../mvnw -q -B -ntp gatling:test -Dgatling.simulationClass="io.ticketbooking.bench.$simulation" \
     -Dbench.dir="$RUN/$STRATEGY" -Dbench.baseUrl="$BASE_URL" -Dbench.localAddresses="$(local_addresses)" "$@") \
     > "$RUN/$STRATEGY/$name.gatling.log" 2>&1 || true
  local report; report=$(ls -dt benchmark/target/gatling/*/ 2>/dev/null | head -1)
  mkdir -p "$RUN/$STRATEGY/gatling"
  mv "$report" "$RUN/$STRATEGY/gatling/$name"
  java -cp "$BENCH_CP" io.ticketbooking.bench.BenchReport \
     "$RUN/$STRATEGY/gatling/$name" "$STEP_SECONDS" | tee "$RUN/$STRATEGY/$name.txt"
  # Gatling's own end-of-run summary (counts, percentiles, errors by cause)
  awk '/^---- Global Information/ {on = 1} on {print} on && /^=====/ {exit}' "$RUN/$STRATEGY/$name.gatling.log" \
     > "$RUN/$STRATEGY/$name.gatling-summary.txt" || true
  # requests the client failed without an answer from the app, by cause (Gatling's error summary)
  grep -E "Too many open files|Cannot assign requested address|Connection refused|Request timeout|ConnectException" \
     "$RUN/$STRATEGY/$name.gatling.log" > "$RUN/$STRATEGY/$name.client-errors.txt" || true
  if grep -qE "Too many open files|Cannot assign requested address" "$RUN/$STRATEGY/$name.client-errors.txt"; then
    echo "!! $name: the client could not send every arrival (see $RUN/$STRATEGY/$name.client-errors.txt)" >&2
    cat "$RUN/$STRATEGY/$name.client-errors.txt" >&2
  fi
}

tokens_range() { # from (0-based buyer index), count, output: the header and those buyers' tokens
  awk -v from="$1" -v n="$2" 'NR == 1 || (NR - 2 >= from && NR - 2 < from + n)' "$RUN/$STRATEGY/tokens.csv" > "$3"
}

gatling_phase() {
  for STRATEGY in $STRATEGIES; do
    echo "== Gatling, strategy $STRATEGY"
    local dir=$RUN/$STRATEGY
    start_app "$STRATEGY" "$dir" "$RESERVE_RATE_LIMIT"
    local buyers=$((BUYERS + 2 * PHASE_BUYERS))
    echo "-- setup ($buyers buyers, $CAPACITY units)"
    setup "$dir" BUYERS=$buyers SELLOUT_CAPACITY="$CAPACITY"
    # separate buyers per phase: sell-out 0…BUYERS-1, no-op floor and sustained reserve after them,
    # so each phase starts with tokens the app has not verified (and cached) yet
    tokens_range 0 "$BUYERS" "$dir/tokens-sellout.csv"
    tokens_range "$BUYERS" "$PHASE_BUYERS" "$dir/tokens-noop.csv"
    tokens_range $((BUYERS + PHASE_BUYERS)) "$PHASE_BUYERS" "$dir/tokens-sustained.csv"

    echo "-- sustained authenticated no-op (the floor, and the warm-up: the same for both strategies)"
    gatling SustainedSimulation noop -Dbench.target=noop -Dbench.rates="$RATES" -Dbench.tokens=tokens-noop.csv \
       -Dbench.stepSeconds="$STEP_SECONDS" -Dbench.warmupSeconds="$WARMUP_SECONDS" -Dbench.warmupRate="$WARMUP_RATE"

    echo "-- sustained reserve against sold-out stock (profiled with JFR)"
    jcmd "$app_pid" JFR.start name=sustained settings=profile filename="$dir/sustained.jfr" >/dev/null
    local rates=$RATES; [ "$STRATEGY" = postgres-only ] && rates=$PG_RATES
    gatling SustainedSimulation sustained -Dbench.target=reserve -Dbench.rates="$rates" -Dbench.tokens=tokens-sustained.csv \
       -Dbench.stepSeconds="$STEP_SECONDS" -Dbench.warmupSeconds="$WARMUP_SECONDS" -Dbench.warmupRate="$WARMUP_RATE"
    jcmd "$app_pid" JFR.stop name=sustained >/dev/null
    jfr view --width 200 hot-methods "$dir/sustained.jfr" > "$dir/hot-methods.txt" 2>&1 || true
    jfr view --width 200 cpu-load "$dir/sustained.jfr" > "$dir/cpu-load.txt" 2>&1 || true

    echo "-- sell-out: $BUYERS buyers within 10 s for $CAPACITY units (timed by commits)"
    rm -f "$dir/sellout.stop"
    (cd benchmark && DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=postgres \
       java -cp "$BENCH_CP" io.ticketbooking.bench.SellOutWatch "$dir" > "$dir/sellout-commits.txt" 2>&1) &
    local watch_pid=$!
    gatling SellOutSimulation sellout -Dbench.buyers="$BUYERS" -Dbench.tokens=tokens-sellout.csv
    touch "$dir/sellout.stop"
    wait "$watch_pid" || true
    cat "$dir/sellout-commits.txt"
    local ttid; ttid=$(prop "$dir" sellout.ticketTypeId)
    psql -h 127.0.0.1 -U postgres -d $DB -c "
      select tt.capacity,
             coalesce(sum(o.quantity), 0) as units_sold,
             greatest(coalesce(sum(o.quantity), 0) - tt.capacity, 0) as oversold,
             (select count(*) from inventory_units u where u.ticket_type_id = tt.id and u.order_id is not null) as unit_rows_taken,
             count(o.id) as orders,
             round(extract(epoch from max(o.created_at) - min(o.created_at))::numeric, 2) as app_clock_first_to_last_request_start_s
      from ticket_types tt left join orders o on o.ticket_type_id = tt.id and o.status in ('RESERVED', 'CONFIRMED')
      where tt.id = '$ttid' group by tt.id" | tee "$dir/sellout.sql.txt"
    curl -fs "$BASE_URL/actuator/prometheus" | python3 benchmark/scripts/server_latency.py > "$dir/server-latency.txt" || true
    cat "$dir/server-latency.txt"
    stop_app
    rm -f "$dir"/tokens-*.csv   # the per-phase copies; tokens.csv stays, as before
  done
}

# ------------------------------------------------------------------------------------------------
# nginx: one and two instances behind a load balancer, in one run, with CPU per process
# ------------------------------------------------------------------------------------------------
N=$RUN/nginx
NGINX_PORT_ONE=${NGINX_PORT_ONE:-18081}
NGINX_PORT_TWO=${NGINX_PORT_TWO:-18082}
PORT_TWO=$((PORT + 1))

start_nginx() { # name, port, instance ports...
  local name=$1 port=$2; shift 2
  local dir=$N/$name servers=""
  mkdir -p "$dir/logs" "$dir/cache"
  for p in "$@"; do servers="$servers    server 127.0.0.1:$p;\n"; done
  sed -e "/server app-[0-9]*:8000;/d" -e "s|keepalive 64;|$servers    keepalive 64;|" \
      -e "s|listen 80;|listen 127.0.0.1:$port;|" -e "s|/var/log/nginx/access.log|off|" \
      -e "s|access_log off ticketbooking;|access_log off;|" -e "s|/var/cache/nginx/|$dir/cache/|" \
      deploy/nginx/ticket-booking.conf > "$dir/site.conf"
  cat > "$dir/nginx.conf" <<CONF
daemon off;
user root;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    include $dir/site.conf;
}
CONF
  nginx -c "$dir/nginx.conf" -p "$dir" > "$dir/logs/nginx.out" 2>&1 &
  extra_pids="$extra_pids $!"
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/ping" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "FAIL: nginx $name did not start; see $dir/logs" >&2; exit 1
}

# CPU ticks (user + system) of processes, summed
ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
cpu_groups() { # group name and its pids, one group per line
  echo "app-1 $app_pid"
  echo "app-2 $app_two_pid"
  echo "nginx $(pgrep -x nginx | tr '\n' ' ')"
  echo "redis $(pgrep -x redis-server | tr '\n' ' ')"
  echo "postgres $(pgrep -u postgres -x postgres | tr '\n' ' ')"
  echo "rabbitmq $(pgrep -f beam.smp | tr '\n' ' ')"
}
# commands Redis has processed (every node of a cluster), and PostgreSQL transactions of the database
redis_commands() {
  local ports=6379 t=0 p
  [ -n "${REDIS_CLUSTER_NODES:-}" ] && ports=$(echo "$REDIS_CLUSTER_NODES" | tr ',' '\n' | sed 's/.*://' | tr '\n' ' ')
  if [ -n "${REDIS_CLUSTER_NODES:-}" ]; then # the seeds' whole cluster: masters and replicas
    ports=$(redis-cli -p "${ports%% *}" cluster nodes | awk '{split($2, a, "[:@]"); print a[2]}')
  fi
  for p in $ports; do t=$((t + $(redis-cli -p "$p" info stats | awk -F: '/^total_commands_processed/ {print $2}' | tr -d '\r'))); done
  echo "$t"
}
pg_transactions() { psql -h 127.0.0.1 -U postgres -qtAc "select xact_commit + xact_rollback from pg_stat_database where datname = '$DB'"; }

scale_measure() { # name, then the wrk_one arguments after the name and seconds
  local name=$1; shift
  local before total_before wall_before redis_before pg_before
  sleep 2   # PostgreSQL's statistics lag by up to a second
  redis_before=$(redis_commands); pg_before=$(pg_transactions)
  before=$(cpu_groups | while read -r g pids; do echo "$g $(ticks $pids)"; done)
  total_before=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
  local busy_before; busy_before=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  W=$N wrk_one "$name" "$WRK_SECONDS" "$@"
  local total_after busy_after; total_after=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
  busy_after=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  local redis_after pg_after; redis_after=$(redis_commands); sleep 2; pg_after=$(pg_transactions)
  {
    echo "# CPU during $name: share of the machine's $(nproc) cores (100 % = all of them), from /proc"
    echo "machine_busy $(( (busy_after - busy_before) * 1000 / (total_after - total_before) ))"
    cpu_groups | while read -r g pids; do
      local b; b=$(echo "$before" | awk -v g="$g" '$1 == g {print $2}')
      echo "$g $(( ($(ticks $pids) - b) * 1000 / (total_after - total_before) ))"
    done
  } > "$N/$name.cpu.txt"
  # background work (loss check, reaper, availability) is in these too: a few commands per second
  { echo "redis_commands $((redis_after - redis_before))"; echo "pg_transactions $((pg_after - pg_before))"; } \
    > "$N/$name.backends.txt"
  printf '%s\t%s\n' "$name" "$name.txt" >> "$N/measurements.tsv"
}

nginx_phase() {
  echo "== scale-out phase: 1 and 2 instances behind nginx (-t$WRK_THREADS -c$WRK_CONNECTIONS, ${WRK_SECONDS}s measurements)"
  command -v nginx >/dev/null || { echo "FAIL: nginx is not installed (apt-get install nginx-light)" >&2; exit 1; }
  mkdir -p "$N"
  : > "$N/measurements.tsv"
  start_app redis-gate "$N/app-1" "$WRK_RESERVE_RATE_LIMIT" "$JAR" "$PORT"
  local app_one=$app_pid
  start_app redis-gate "$N/app-2" "$WRK_RESERVE_RATE_LIMIT" "$JAR" "$PORT_TWO" keep-database
  app_two_pid=$app_pid
  extra_pids="$extra_pids $app_two_pid"
  app_pid=$app_one
  local buyers=$((WRK_TOKEN_COUNT + WRK_STOCK_BUYERS))
  echo "-- setup ($buyers buyers; a sold-out ticket type; $WRK_STOCK_CAPACITY units at most $WRK_STOCK_PER_USER per buyer)"
  setup "$N" BUYERS=$buyers SELLOUT_CAPACITY=0 STOCK_CAPACITY="$WRK_STOCK_CAPACITY" STOCK_PER_USER_LIMIT="$WRK_STOCK_PER_USER"
  start_nginx one "$NGINX_PORT_ONE" "$PORT"
  start_nginx two "$NGINX_PORT_TWO" "$PORT" "$PORT_TWO"
  local tokens=$N/tokens.csv sold_out stock
  sold_out="{\"eventId\":\"$(prop "$N" sustained.eventId)\",\"ticketTypeId\":\"$(prop "$N" sustained.ticketTypeId)\",\"quantity\":1}"
  stock="{\"eventId\":\"$(prop "$N" stock.eventId)\",\"ticketTypeId\":\"$(prop "$N" stock.ticketTypeId)\",\"quantity\":1}"
  local few=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM=0 WRK_TOKEN_COUNT="$WRK_TOKEN_COUNT")
  local many=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM="$WRK_TOKEN_COUNT" WRK_TOKEN_COUNT="$WRK_STOCK_BUYERS")
  local two=http://127.0.0.1:$NGINX_PORT_TWO one=http://127.0.0.1:$NGINX_PORT_ONE
  echo "-- warm-up (through the nginx in front of both, so both instances warm up alike)"
  W=$N wrk_one warmup/ping "$WRK_WARMUP_SECONDS" GET "$two/ping" WRK_ACCEPT="*/*"
  W=$N wrk_one warmup/reserve-sold-out "$WRK_WARMUP_SECONDS" POST "$two/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  W=$N wrk_one warmup/reserve-stock-left "$WRK_WARMUP_SECONDS" POST "$two/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  echo "-- measured"
  scale_measure direct-ping GET "http://127.0.0.1:$PORT/ping" WRK_ACCEPT="*/*"
  for n in one two; do
    local url=$one; [ $n = two ] && url=$two
    scale_measure "nginx-$n-ping" GET "$url/ping" WRK_ACCEPT="*/*"
    scale_measure "nginx-$n-reserve-sold-out" POST "$url/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
    scale_measure "nginx-$n-reserve-stock-left" POST "$url/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  done
  stop_all
  python3 benchmark/scripts/scale_summary.py "$N" "$RUN/run.txt" \
    "threads=$WRK_THREADS connections=$WRK_CONNECTIONS seconds=$WRK_SECONDS warmup_seconds=$WRK_WARMUP_SECONDS redis=${REDIS_CLUSTER_NODES:-single 127.0.0.1:6379}" \
    > "$N/summary.md"
  cat "$N/summary.md"
}

# ------------------------------------------------------------------------------------------------
# streams: live availability over Server-Sent Events, held and fanned out on one instance
# ------------------------------------------------------------------------------------------------
S=$RUN/streams
client_pid=""
gc_counters() { # the app's GC pauses so far (HotSpot's performance counters): one "name value" a line
  jcmd "$app_pid" PerfCounter.print 2>/dev/null | awk -F= '
    /^sun.gc.collector.0.time=/ {print "gc_young_pause_ticks", $2} /^sun.gc.collector.0.invocations=/ {print "gc_young_count", $2}
    /^sun.gc.collector.1.time=/ {print "gc_full_pause_ticks", $2} /^sun.gc.collector.1.invocations=/ {print "gc_full_count", $2}
    /^sun.os.hrt.frequency=/ {print "gc_tick_frequency", $2}'
}
streams_measure() { # name, then the wrk_one arguments after the name and seconds; with CPU from /proc, GC pauses
  local name=$1; shift
  local wall0 app0 client0 total0 busy0 wall1 app1 client1 total1 busy1 gc0 gc1
  gc0=$(gc_counters)
  wall0=$(date +%s%N); app0=$(ticks $app_pid); client0=$(ticks $client_pid)
  total0=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat); busy0=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  W=$S wrk_one "$name" "$WRK_SECONDS" "$@"
  wall1=$(date +%s%N); app1=$(ticks $app_pid); client1=$(ticks $client_pid)
  total1=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat); busy1=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  gc1=$(gc_counters)
  {
    echo "# CPU during $name from /proc: before and after, clock ticks of $(getconf CLK_TCK) per second"
    echo "clk_tck $(getconf CLK_TCK)"
    echo "wall_ns $wall0 $wall1"
    echo "app_ticks $app0 $app1"
    echo "client_ticks $client0 $client1"
    echo "machine_total_ticks $total0 $total1"
    echo "machine_busy_ticks $busy0 $busy1"
    echo "# the app's GC pauses before and after (jcmd PerfCounter.print, just outside the wall times above)"
    join <(echo "$gc0" | sort) <(echo "$gc1" | sort)
  } > "$S/$name.cpu.txt"
  printf '%s\t%s\n' "$name" "$name.txt" >> "$S/measurements.tsv"
}
memory() { # label: the app's resident memory, its live heap (after a full GC), connections to it
  {
    echo "# $1, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    grep -E '^(VmRSS|VmHWM|Threads):' "/proc/$app_pid/status"
    echo "EstablishedToApp: $(ss -Htn state established "( sport = :$PORT )" | wc -l)"
    if [ -n "$client_pid" ]; then echo "ClientVmRSS: $(awk '/^VmRSS:/ {print $2, $3}' "/proc/$client_pid/status")"; fi
    jcmd "$app_pid" GC.run > /dev/null 2>&1 || true
    jcmd "$app_pid" GC.heap_info 2>&1 | sed 's/^/heap: /'
  } > "$S/memory-$1.txt"
  jcmd "$app_pid" GC.class_histogram 2>&1 | head -45 > "$S/heap-histogram-$1.txt" || true   # what the live heap holds
}

streams_phase() {
  echo "== streams phase: $STREAMS SSE streams on one instance (-t$WRK_THREADS -c$WRK_CONNECTIONS, ${WRK_WARMUP_SECONDS}s warm-ups, ${WRK_SECONDS}s measurements)"
  mkdir -p "$S/client"
  : > "$S/measurements.tsv"
  # every open stream holds ~110 KiB of heap (Tomcat's buffers of its request, docs/operations.md):
  # the heap is sized for the stream budget, as docs/operations.md says to size it
  APP_HEAP=$STREAMS_HEAP start_app redis-gate "$S/app" "$WRK_RESERVE_RATE_LIMIT"
  local buyers=$((WRK_TOKEN_COUNT + WRK_STOCK_BUYERS + 1)) changer=$((WRK_TOKEN_COUNT + WRK_STOCK_BUYERS))
  echo "-- setup ($buyers buyers, the last one makes the streamed changes; a sold-out ticket type; $WRK_STOCK_CAPACITY units at most $WRK_STOCK_PER_USER per buyer)"
  setup "$S/app" BUYERS=$buyers SELLOUT_CAPACITY=0 STOCK_CAPACITY="$WRK_STOCK_CAPACITY" STOCK_PER_USER_LIMIT="$WRK_STOCK_PER_USER"
  cp "$S/app/run.properties" "$S/run.properties"
  local tokens=$S/app/tokens.csv sold_out stock
  sold_out="{\"eventId\":\"$(prop "$S/app" sustained.eventId)\",\"ticketTypeId\":\"$(prop "$S/app" sustained.ticketTypeId)\",\"quantity\":1}"
  stock="{\"eventId\":\"$(prop "$S/app" stock.eventId)\",\"ticketTypeId\":\"$(prop "$S/app" stock.ticketTypeId)\",\"quantity\":1}"
  local few=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM=0 WRK_TOKEN_COUNT="$WRK_TOKEN_COUNT")
  local many=(WRK_TOKENS="$tokens" WRK_TOKEN_FROM="$WRK_TOKEN_COUNT" WRK_TOKEN_COUNT="$WRK_STOCK_BUYERS")
  echo "-- warm-up"
  W=$S wrk_one warmup/ping "$WRK_WARMUP_SECONDS" GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  W=$S wrk_one warmup/reserve-sold-out "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  W=$S wrk_one warmup/reserve-stock-left "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  echo "-- measured without streams"
  streams_measure no-streams-ping GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  streams_measure no-streams-reserve-sold-out POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  streams_measure no-streams-reserve-stock-left POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  memory before-streams

  echo "-- $STREAMS streams of the stock-left event at $STREAMS_RATE/s, then $STREAMS_CHANGES timed changes"
  local read_flag=""; [ "$STREAMS_READ_DURING_WRK" = 1 ] && read_flag=--read-during-wrk
  python3 benchmark/scripts/sse_streams.py --base-url "$BASE_URL" \
    --event "$(prop "$S/app" stock.eventId)" --ticket-type "$(prop "$S/app" stock.ticketTypeId)" \
    --tokens "$tokens" --token-index "$changer" --out "$S/client" --app-pid "$app_pid" \
    --streams "$STREAMS" --rate "$STREAMS_RATE" --changes "$STREAMS_CHANGES" \
    --change-interval "$STREAMS_CHANGE_INTERVAL" --miss-after "$STREAMS_MISS_AFTER" $read_flag \
    > "$S/client/client.log" 2>&1 &
  client_pid=$!
  extra_pids="$extra_pids $client_pid"
  local deadline=$((SECONDS + STREAMS / STREAMS_RATE + STREAMS_CHANGES * STREAMS_CHANGE_INTERVAL + STREAMS_MISS_AFTER + 120))
  until [ -f "$S/client/ready" ]; do
    if ! kill -0 "$client_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "FAIL: the streams client did not get ready; see $S/client/client.log" >&2; tail -20 "$S/client/client.log" >&2; exit 1
    fi
    sleep 0.5
  done
  sed 's/^/   /' "$S/client/client.log"
  memory with-streams
  sleep 2
  echo "-- measured with the streams open"
  streams_measure streams-ping GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  streams_measure streams-reserve-sold-out POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  streams_measure streams-reserve-stock-left POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  memory after-wrk
  touch "$S/client/stop"
  wait "$client_pid" || echo "!! the streams client exited with $?; see $S/client/client.log" >&2
  client_pid=""; extra_pids=""
  stop_app
  python3 benchmark/scripts/streams_summary.py "$S" "$RUN/run.txt" \
    "streams=$STREAMS heap=$STREAMS_HEAP rate=$STREAMS_RATE/s changes=$STREAMS_CHANGES interval=${STREAMS_CHANGE_INTERVAL}s miss_after=${STREAMS_MISS_AFTER}s read_during_wrk=$STREAMS_READ_DURING_WRK threads=$WRK_THREADS connections=$WRK_CONNECTIONS seconds=$WRK_SECONDS warmup_seconds=$WRK_WARMUP_SECONDS token_count=$WRK_TOKEN_COUNT stock_buyers=$WRK_STOCK_BUYERS stock_capacity=$WRK_STOCK_CAPACITY" \
    > "$S/summary.md"
  cat "$S/summary.md"
}

# ------------------------------------------------------------------------------------------------
# queue: the waiting room (docs/waiting-room.md). One application start: joins and position reads
# measured with wrk as ratios to /ping measured just before each; then a sell-out to queued buyers
# ------------------------------------------------------------------------------------------------
queue_measure() { # key, then the measure arguments after the key: with the CPU each part used, from /proc
  local key=$1; shift
  local redis_pids; redis_pids=$(pgrep -x redis-server | tr '\n' ' ')
  local app0 redis0 busy0 total0 app1 redis1 busy1 total1
  app0=$(ticks $app_pid); redis0=$(ticks $redis_pids)
  total0=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat); busy0=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  measure queue "$key" "$@"
  app1=$(ticks $app_pid); redis1=$(ticks $redis_pids)
  total1=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat); busy1=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
  {
    echo "# CPU during queue-$key from /proc, clock ticks of $(getconf CLK_TCK) per second: before after"
    echo "clk_tck $(getconf CLK_TCK)"
    echo "app_ticks $app0 $app1"
    echo "redis_ticks $redis0 $redis1"
    echo "machine_total_ticks $total0 $total1"
    echo "machine_busy_ticks $busy0 $busy1"
  } > "$W/queue-$key.cpu.txt"
}

joins_counted() { # before|after: the app's join counters (new places, the same place again, refused)
  curl -fs "$BASE_URL/actuator/prometheus" | grep -E '^queue_joins_total' | sed "s/^/$1 /" >> "$W/queue-join.outcomes.txt" || true
}

queue_profile() { # key, then the wrk_one arguments after the seconds: with QUEUE_PROFILE=1, one more
  # run of the same requests under JFR (profile settings) into profile/<key>.jfr; with
  # QUEUE_PROFILE=async, under async-profiler (CPU time, itimer) into profile/<key>.collapsed; never a
  # measurement
  local key=$1; shift
  case "${QUEUE_PROFILE:-0}" in
    1)
      mkdir -p "$W/profile"
      jcmd "$app_pid" JFR.start name="$key" settings=profile filename="$W/profile/$key.jfr" >/dev/null
      wrk_one "profile/$key" "$WRK_SECONDS" "$@"
      jcmd "$app_pid" JFR.stop name="$key" >/dev/null ;;
    async)
      mkdir -p "$W/profile"
      local lib; lib=$(async_profiler)
      # jcmd reads an unquoted option with '=' as an argument of its own: the agent's option is quoted
      jcmd "$app_pid" JVMTI.agent_load "$lib" "\"start,event=itimer,interval=1ms\"" > "$W/profile/$key.agent.txt"
      wrk_one "profile/$key" "$WRK_SECONDS" "$@"
      jcmd "$app_pid" JVMTI.agent_load "$lib" "\"stop,collapsed,file=$W/profile/$key.collapsed\"" >> "$W/profile/$key.agent.txt" ;;
  esac
}

async_profiler() { # the path of async-profiler's agent for this machine, from Maven Central
  local version=4.1 dir=target/bench/async-profiler
  if [ ! -f "$dir/linux-x64/libasyncProfiler.so" ]; then
    ./mvnw -q -B -ntp dependency:get -Dartifact=tools.profiler:async-profiler:$version >&2
    mkdir -p "$dir"
    (cd "$dir" && unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar" 'linux-x64/*')
  fi
  echo "$PWD/$dir/linux-x64/libasyncProfiler.so"
}

queue_phase() {
  local dir=$RUN/queue
  W=$dir
  mkdir -p "$dir"
  : > "$dir/measurements.tsv"
  echo "== queue phase ($QUEUE_BUYERS buyers, $QUEUE_CAPACITY units, $QUEUE_RATE admissions/min in the sell-out)"
  # every request of the benchmark comes from 127.0.0.1: the per-address join throttle would
  # refuse all but 600 a minute (the per-account one stays on, and is in every join's cost)
  export QUEUE_JOINS_PER_ADDRESS=0
  # each instance remembers verified tokens up to JWT_VERIFIED_CACHE_SIZE (100,000) and starts over
  # when full: with 100,000 buyers it must hold more than that (docs/operations.md)
  export JWT_VERIFIED_CACHE_SIZE=$((QUEUE_BUYERS * 2))
  start_app redis-gate "$dir" "$WRK_RESERVE_RATE_LIMIT"
  echo "-- setup"
  setup "$dir" BUYERS="$QUEUE_BUYERS" SELLOUT_CAPACITY=0 QUEUE_CAPACITY="$QUEUE_CAPACITY" QUEUE_RATE="$QUEUE_RATE"
  local event; event=$(prop "$dir" queue.eventId)
  local buyers=(WRK_TOKENS="$dir/tokens.csv" WRK_TOKEN_FROM=0 WRK_TOKEN_COUNT="$QUEUE_BUYERS")
  local join_url="$BASE_URL/api/v1/events/$event/queue" me_url="$BASE_URL/api/v1/events/$event/queue/me"
  echo "-- warm-up"
  wrk_one warmup/ping "$WRK_WARMUP_SECONDS" GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  # every buyer's token used once (an authenticated no-op): a token is verified (RS256) on its
  # first request to an instance and then remembered, so the joins measured below are joins, not
  # first signature checks (this warm-up's own rate is that of first requests of fresh tokens)
  local token_seconds=$(( QUEUE_BUYERS / 3000 > WRK_WARMUP_SECONDS ? QUEUE_BUYERS / 3000 : WRK_WARMUP_SECONDS ))
  wrk_one warmup/tokens "$token_seconds" GET "$BASE_URL/api/v1/ping" "${buyers[@]}"
  # the joins' warm-up joins another waiting room: the measured joins are then first joins (each
  # account's first makes its place), as at a sale's start, until wrk has gone round every buyer
  wrk_one warmup/join "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/events/$(prop "$dir" queue.warmupEventId)/queue" \
    "${buyers[@]}" WRK_BODY="{}"
  echo "-- measured: joins (the pre-queue, before the opening)"
  queue_measure ping-joins GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  joins_counted before
  queue_measure join POST "$join_url" "${buyers[@]}" WRK_BODY="{}"
  joins_counted after
  # the floor under a join, as PERFORMANCE.md asks: the authenticated no-op with the same tokens
  # rotated the same way (the token found, looked up, converted; no Redis, no JSON body read)
  queue_measure auth-ping GET "$BASE_URL/api/v1/ping" "${buyers[@]}"
  queue_profile join POST "$join_url" "${buyers[@]}" WRK_BODY="{}"
  if [ "${QUEUE_STOP_AFTER:-}" = joins ]; then
    stop_app
    echo "-- stopped after the joins (QUEUE_STOP_AFTER=joins)"
    queue_summarize "$dir"
    return 0
  fi
  echo "-- the rest of the buyers join; the organizer opens the sale; the pre-queue is drawn"
  (cd benchmark && env BASE_URL="$BASE_URL" DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=postgres \
     CONCURRENCY="$QUEUE_CONCURRENCY" java -cp "$BENCH_CP" io.ticketbooking.bench.QueueSellOut open "$dir")
  # every buyer reads its place once (the first read of an account asks Redis; later ones, while
  # the place cannot have changed, are answered from the instance's memory), as a crowd that polls
  # or streams its places does before any given moment of the wait
  echo "-- warm-up: position reads on the drawn line"
  wrk_one warmup/position "$WRK_WARMUP_SECONDS" GET "$me_url" "${buyers[@]}"
  echo "-- measured: position reads (the drawn line, admission held at 1 a minute)"
  queue_measure ping-positions GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  queue_measure position GET "$me_url" "${buyers[@]}"
  queue_profile position GET "$me_url" "${buyers[@]}"
  echo "-- the sell-out: admission at $QUEUE_RATE/min; buyers follow their places, reserve and pay"
  (cd benchmark && env BASE_URL="$BASE_URL" DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=postgres \
     CONCURRENCY="$QUEUE_CONCURRENCY" QUEUE_RATE="$QUEUE_RATE" java -cp "$BENCH_CP" io.ticketbooking.bench.QueueSellOut sell "$dir")
  curl -fs "$BASE_URL/actuator/prometheus" | grep -E '^(queue_admitted_total|orders_reserve_seconds_count)' \
    > "$dir/queue-metrics.txt" || true
  stop_app
  queue_summarize "$dir"
}

queue_summarize() { # the queue phase's directory: summary.md from its raw outputs
  python3 benchmark/scripts/queue_summary.py "$1" "$RUN/run.txt" \
    "buyers=$QUEUE_BUYERS capacity=$QUEUE_CAPACITY rate=$QUEUE_RATE/min concurrency=$QUEUE_CONCURRENCY threads=$WRK_THREADS connections=$WRK_CONNECTIONS seconds=$WRK_SECONDS warmup_seconds=$WRK_WARMUP_SECONDS" \
    > "$1/summary.md"
  cat "$1/summary.md"
}

# ------------------------------------------------------------------------------------------------
# issuance: tickets printed after a burst of paid orders (docs/tickets.md), and what printing takes
# from the sale: the reserve ratios to /ping at rest and while a backlog is printed, one app start
# ------------------------------------------------------------------------------------------------
issuance_ticks() { # label: CPU clock ticks so far of the app, s3proxy, PostgreSQL, Redis, RabbitMQ, the machine
  {
    echo "$1 app $(ticks $app_pid)"
    echo "$1 s3proxy $(ticks $s3_pid)"
    echo "$1 postgres $(ticks $(pgrep -x postgres | tr '\n' ' '))"
    echo "$1 redis $(ticks $(pgrep -x redis-server | tr '\n' ' '))"
    echo "$1 rabbitmq $(ticks $(pgrep -f beam.smp | tr '\n' ' '))"
    echo "$1 machine_busy $(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)"
  } >> "$W/issuance-cpu.txt"
}

issuance_round() { # round name, first buyer index, orders; with "load", the wrk measurements run during the printing
  local round=$1 from=$2 orders=$3 dir=$RUN/issuance
  echo "-- round $round: $orders orders of $ISSUE_QUANTITY tickets paid, then printed"
  (cd benchmark && env DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=postgres \
     java -cp "$BENCH_CP" io.ticketbooking.bench.IssuanceRun watch "$dir" "$round" $((orders * ISSUE_QUANTITY))) &
  local watch_pid=$!
  issuance_ticks "$round-start"
  (cd benchmark && env BASE_URL="$BASE_URL" CONCURRENCY="$ISSUE_CONCURRENCY" ISSUE_QUANTITY="$ISSUE_QUANTITY" \
     java -cp "$BENCH_CP" io.ticketbooking.bench.IssuanceRun pay "$dir" "$round" "$from" "$orders") \
     > "$dir/issuance-$round-pay.log" 2>&1
  issuance_ticks "$round-paid"
  if [ "$round" = load ]; then
    measure issuance load-ping GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
    measure issuance load-reserve-sold-out POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
    measure issuance load-reserve-stock-left POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
    date +%s%3N > "$dir/issuance-load-wrk-ended-ms.txt"
  fi
  wait "$watch_pid"
  issuance_ticks "$round-printed"
  echo "   $(grep -h orders_paid "$dir/issuance-$round-pay.txt"), stored PDFs: $(tail -1 "$dir/issuance-$round-series.tsv" | cut -f3)"
}

issuance_phase() {
  local dir=$RUN/issuance
  W=$dir
  mkdir -p "$dir"
  : > "$dir/measurements.tsv"
  : > "$dir/issuance-cpu.txt"
  echo "== issuance phase ($ISSUE_ORDERS orders of $ISSUE_QUANTITY tickets per round; S3: s3proxy on port $BENCH_S3_PORT)"
  (cd benchmark && java -Xmx1g -cp "$BENCH_CP" io.ticketbooking.bench.S3Server "$BENCH_S3_PORT" "$dir/s3" bench \
     bench-secret-key) > "$dir/s3proxy.log" 2>&1 &
  s3_pid=$!
  extra_pids="$extra_pids $s3_pid"
  for _ in $(seq 1 60); do grep -q 's3proxy at' "$dir/s3proxy.log" && break; sleep 0.5; done
  export S3_ENDPOINT=http://127.0.0.1:$BENCH_S3_PORT S3_ACCESS_KEY=bench S3_SECRET_KEY=bench-secret-key
  start_app redis-gate "$dir" "$WRK_RESERVE_RATE_LIMIT"
  local buyers=$((WRK_TOKEN_COUNT + 3 * ISSUE_ORDERS + ISSUE_LOAD_ORDERS))
  [ "$buyers" -lt $((WRK_TOKEN_COUNT + WRK_STOCK_BUYERS)) ] && buyers=$((WRK_TOKEN_COUNT + WRK_STOCK_BUYERS))
  echo "-- setup ($buyers buyers; a sold-out ticket type; a stock-left one; one event with a poster per round)"
  setup "$dir" BUYERS=$buyers SELLOUT_CAPACITY=0 STOCK_CAPACITY="$WRK_STOCK_CAPACITY" STOCK_PER_USER_LIMIT="$WRK_STOCK_PER_USER" \
    ISSUE_ROUNDS=warm,rest,load$([ "${ISSUE_PROFILE:-0}" = 1 ] && echo ,profile) \
    ISSUE_CAPACITY=$((ISSUE_ORDERS > ISSUE_LOAD_ORDERS ? ISSUE_ORDERS * ISSUE_QUANTITY : ISSUE_LOAD_ORDERS * ISSUE_QUANTITY)) \
    ISSUE_QUANTITY="$ISSUE_QUANTITY"
  sold_out="{\"eventId\":\"$(prop "$dir" sustained.eventId)\",\"ticketTypeId\":\"$(prop "$dir" sustained.ticketTypeId)\",\"quantity\":1}"
  stock="{\"eventId\":\"$(prop "$dir" stock.eventId)\",\"ticketTypeId\":\"$(prop "$dir" stock.ticketTypeId)\",\"quantity\":1}"
  few=(WRK_TOKENS="$dir/tokens.csv" WRK_TOKEN_FROM=0 WRK_TOKEN_COUNT="$WRK_TOKEN_COUNT")
  many=(WRK_TOKENS="$dir/tokens.csv" WRK_TOKEN_FROM="$WRK_TOKEN_COUNT" WRK_TOKEN_COUNT="$WRK_STOCK_BUYERS")
  echo "-- warm-up"
  wrk_one warmup/ping "$WRK_WARMUP_SECONDS" GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  wrk_one warmup/reserve-sold-out "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  wrk_one warmup/reserve-stock-left "$WRK_WARMUP_SECONDS" POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  # the first PDFs of an instance run cold code (the JIT compiles PDFBox, ZXing and the S3 client
  # meanwhile, at about half the warm rate): one unmeasured round first
  issuance_round warm "$WRK_TOKEN_COUNT" "$ISSUE_ORDERS"
  issuance_round rest $((WRK_TOKEN_COUNT + ISSUE_ORDERS)) "$ISSUE_ORDERS"
  echo "-- measured at rest (every PDF printed)"
  measure issuance rest-ping GET "$BASE_URL/ping" WRK_ACCEPT="*/*"
  measure issuance rest-reserve-sold-out POST "$BASE_URL/api/v1/orders" "${few[@]}" WRK_BODY="$sold_out"
  measure issuance rest-reserve-stock-left POST "$BASE_URL/api/v1/orders" "${many[@]}" WRK_BODY="$stock"
  issuance_round load $((WRK_TOKEN_COUNT + 2 * ISSUE_ORDERS)) "$ISSUE_LOAD_ORDERS"
  if [ "${ISSUE_PROFILE:-0}" = 1 ]; then
    mkdir -p "$dir/profile"
    jcmd "$app_pid" JFR.start name=issuance settings=profile filename="$dir/profile/issuance.jfr" >/dev/null
    issuance_round profile $((WRK_TOKEN_COUNT + 2 * ISSUE_ORDERS + ISSUE_LOAD_ORDERS)) "$ISSUE_ORDERS"
    jcmd "$app_pid" JFR.stop name=issuance >/dev/null
  fi
  curl -fs "$BASE_URL/actuator/prometheus" | grep -E '^(tickets_issued_total|tickets_templates_laid_out_total|tickets_issue_processed_total|messaging_dead_lettered_total)' \
    > "$dir/issuance-metrics.txt" || true
  stop_app
  kill "$s3_pid" 2>/dev/null || true
  wait "$s3_pid" 2>/dev/null || true
  du -sh "$dir/s3" > "$dir/s3-size.txt" 2>/dev/null || true
  [ "${KEEP_S3:-0}" = 1 ] || rm -rf "$dir/s3"
  python3 benchmark/scripts/issuance_summary.py "$dir" "$RUN/run.txt" \
    "orders=$ISSUE_ORDERS load_orders=$ISSUE_LOAD_ORDERS quantity=$ISSUE_QUANTITY concurrency=$ISSUE_CONCURRENCY threads=$WRK_THREADS connections=$WRK_CONNECTIONS seconds=$WRK_SECONDS warmup_seconds=$WRK_WARMUP_SECONDS issue_consumers=${TICKETS_ISSUE_CONSUMERS:-default}" \
    > "$dir/summary.md"
  cat "$dir/summary.md"
}

if [ "$MODE" = issuance ]; then issuance_phase; echo "== results in $RUN"; exit 0; fi
if [ "$MODE" = queue ]; then queue_phase; echo "== results in $RUN"; exit 0; fi
if [ "$MODE" = streams ]; then streams_phase; echo "== results in $RUN"; exit 0; fi
if [ "$MODE" = nginx ]; then nginx_phase; echo "== results in $RUN"; exit 0; fi
if run_wrk; then wrk_phase; fi
if run_gatling; then gatling_phase; fi
echo "== results in $RUN"
