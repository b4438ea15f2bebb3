#!/usr/bin/env bash
# A local Redis Cluster for tests, CI and benchmarks: 3 masters + 3 replicas on loopback,
# made from Debian's redis-server (apt-get install -y redis-server), no persistence.
#
#   scripts/redis-cluster.sh start          start the six nodes and create the cluster (idempotent)
#   scripts/redis-cluster.sh stop           stop the nodes this script started
#   scripts/redis-cluster.sh start-node P   start node P again (after a kill); it rejoins as a replica
#   scripts/redis-cluster.sh nodes          print REDIS_CLUSTER_NODES for the application
#   scripts/redis-cluster.sh status         cluster_state and the masters
#
# REDIS_CLUSTER_BASE_PORT (default 7000) picks the ports (base .. base+5); the nodes keep their
# files in REDIS_CLUSTER_DIR (default target/redis-cluster). Node timeout 2 s: a killed master's
# replica takes over within a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${REDIS_CLUSTER_BASE_PORT:-7000}
DIR=${REDIS_CLUSTER_DIR:-target/redis-cluster}
PORTS=$(seq "$BASE" $((BASE + 5)))

start_node() {
  local port=$1
  mkdir -p "$DIR/$port"
  local dir; dir=$(cd "$DIR/$port" && pwd)
  redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
    --cluster-config-file "$dir/nodes.conf" --cluster-node-timeout 2000 \
    --save "" --appendonly no --dir "$dir" --pidfile "$dir/redis.pid" \
    --logfile "$dir/redis.log" --daemonize yes
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "redis node $port did not start (see $dir/redis.log)" >&2
  return 1
}

cluster_ok() { redis-cli -p "$BASE" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

all_covered() { # every slot assigned and every node agrees
  for port in $PORTS; do
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

case "${1:-}" in
  start)
    if cluster_ok && [ "$(redis-cli -p "$BASE" cluster nodes | wc -l)" -ge 6 ]; then
      echo "Redis Cluster already up on ports $BASE-$((BASE + 5))"
      exit 0
    fi
    for port in $PORTS; do
      redis-cli -p "$port" ping >/dev/null 2>&1 || start_node "$port"
    done
    if ! cluster_ok; then
      # a fresh cluster: forget whatever the nodes knew, then create it
      for port in $PORTS; do
        redis-cli -p "$port" flushall >/dev/null 2>&1 || true
        redis-cli -p "$port" cluster reset hard >/dev/null
      done
      nodes=""; for port in $PORTS; do nodes="$nodes 127.0.0.1:$port"; done
      # shellcheck disable=SC2086
      redis-cli --cluster create $nodes --cluster-replicas 1 --cluster-yes >"$DIR/create.log" 2>&1 \
        || { cat "$DIR/create.log" >&2; exit 1; }
    fi
    for _ in $(seq 1 100); do all_covered && break; sleep 0.2; done
    all_covered || { echo "Redis Cluster did not reach cluster_state:ok" >&2; exit 1; }
    # replicas need their first sync before a failover can promote one
    for _ in $(seq 1 100); do
      synced=$(for port in $PORTS; do redis-cli -p "$port" info replication; done | grep -c 'master_link_status:up' || true)
      [ "$synced" -ge 3 ] && break
      sleep 0.2
    done
    echo "Redis Cluster up: 3 masters + 3 replicas on ports $BASE-$((BASE + 5))"
    ;;
  start-node)
    start_node "${2:?port}"
    ;;
  stop)
    for port in $PORTS; do
      pidfile="$DIR/$port/redis.pid"
      if [ -f "$pidfile" ]; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
      fi
    done
    echo "Redis Cluster stopped"
    ;;
  nodes)
    echo "127.0.0.1:$BASE,127.0.0.1:$((BASE + 1)),127.0.0.1:$((BASE + 2))"
    ;;
  status)
    redis-cli -p "$BASE" cluster info | grep -E '^cluster_(state|known_nodes|size)'
    redis-cli -p "$BASE" cluster nodes | awk '{print $2, $3, $9}' | sort
    ;;
  *)
    sed -n '2,14p' "$0"; exit 2 ;;
esac
