#!/usr/bin/env bash
# Quick A/B of the reserve path's steps, raw outputs kept: steps.sh <outdir> <label>=<jar>...
set -e
OUT=$1; shift; mkdir -p $OUT
PORT=18123; DB=tb_quick; export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
for pair in "$@"; do
  LABEL=${pair%%=*}; JAR=${pair#*=}; JOPTS=""
  case "$LABEL" in *carriers2*) JOPTS="-Djdk.virtualThreadScheduler.parallelism=2";; *carriers4*) JOPTS="-Djdk.virtualThreadScheduler.parallelism=4";; esac
  psql -h 127.0.0.1 -U postgres -qtAc "drop database if exists $DB with (force)" 2>/dev/null; psql -h 127.0.0.1 -U postgres -qtAc "create database $DB"
  redis-cli -h 127.0.0.1 flushall >/dev/null
  SERVER_PORT=$PORT DB_HOST=127.0.0.1 DB_NAME=$DB DB_USER=postgres DB_PASSWORD= REDIS_HOST=127.0.0.1 RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672 RABBITMQ_QUEUE_TYPE=quorum \
    RESERVE_RATE_LIMIT=20 LOG_FORMAT= $JAVA_HOME/bin/java $JOPTS -Xms1g -Xmx1g -XX:+UseParallelGC -jar $JAR > $OUT/$LABEL-app.log 2>&1 &
  APP=$!
  for i in $(seq 1 90); do curl -fs http://127.0.0.1:$PORT/ping >/dev/null 2>&1 && break; sleep 1; done
  python3 /tmp/qb/setup.py http://127.0.0.1:$PORT 200 /tmp/qb > /dev/null
  B=http://127.0.0.1:$PORT
  wrk -t2 -c64 -d20s $B/ping > /dev/null; WRK_METHOD=POST wrk -t2 -c64 -d20s -s /tmp/qb/reserve.lua $B > /dev/null
  for r in 1 2; do
    wrk -t2 -c64 -d12s --latency $B/ping > $OUT/$LABEL-r$r-ping.txt
    WRK_METHOD=GET WRK_PATH=/api/v1/ping wrk -t2 -c64 -d12s --latency -s /tmp/qb/reserve.lua $B > $OUT/$LABEL-r$r-auth-ping.txt
    WRK_METHOD=POST wrk -t2 -c64 -d12s --latency -s /tmp/qb/reserve.lua $B > $OUT/$LABEL-r$r-reserve-sold-out.txt
  done
  kill $APP; wait $APP 2>/dev/null || true; sleep 2
done
for f in $OUT/*-r*.txt; do printf '%s %s\n' "$(basename $f .txt)" "$(grep Requests/sec $f | awk '{print $2}')"; done
