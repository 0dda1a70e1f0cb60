#!/usr/bin/env bash
# A throwaway three-node MariaDB Galera cluster on loopback, for the cluster
# tests and the cluster bench of @sessions/mysql.
#
#   scripts/galera-cluster.sh start    # all three nodes running, Synced, cluster size 3
#   scripts/galera-cluster.sh status   # one line per node
#   scripts/galera-cluster.sh stop     # stops every node
#
# start is idempotent: with no node running it creates a fresh cluster (node 1
# bootstrapped with --wsrep-new-cluster, nodes 2 and 3 joining by rsync state
# transfer); with some running it starts the missing ones, which rejoin (by
# incremental transfer when the cluster still holds what they missed). Data
# lives in $SESSIONS_GALERA_DIR (default /tmp/sessions-galera) and is wiped
# on a fresh start. Root connects from 127.0.0.1 without a password; a
# `test` database exists. Nothing here touches the server on port 3306.
#
# Ports, node n = 1..3: SQL 1330(5+n), group communication 1456n,
# incremental state transfer 1457n, rsync state transfer 1444n.
set -euo pipefail

DIR="${SESSIONS_GALERA_DIR:-/tmp/sessions-galera}"
PROVIDER="${SESSIONS_GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
MARIADBD="${SESSIONS_GALERA_MARIADBD:-$(command -v mariadbd || echo /usr/sbin/mariadbd)}"
NODES=(1 2 3)
WAIT_SECONDS=90

sql_port() { echo $((13305 + $1)); }
group_port() { echo $((14560 + $1)); }
ist_port() { echo $((14570 + $1)); }
sst_port() { echo $((14440 + $1)); }
node_dir() { echo "$DIR/node$1"; }
socket() { echo "$(node_dir "$1")/mysqld.sock"; }
pid_file() { echo "$(node_dir "$1")/mysqld.pid"; }
config() { echo "$(node_dir "$1")/my.cnf"; }

log() { echo "galera-cluster: $*" >&2; }
die() {
  log "$*"
  exit 1
}

# The user the nodes run as: mysql when we are root (rsync state transfer
# refuses to run as root), else whoever runs this script.
run_user() { if [ "$(id -u)" = 0 ]; then echo mysql; else id -un; fi; }

node_pid() {
  local file
  file="$(pid_file "$1")"
  [ -s "$file" ] || return 1
  local pid
  pid="$(cat "$file")"
  [ -d "/proc/$pid" ] && grep -q mariadbd "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

running() { node_pid "$1" >/dev/null; }

client() {
  local node=$1
  shift
  mariadb --no-defaults -S "$(socket "$node")" -uroot --connect-timeout=2 -N -B "$@"
}

status_value() { client "$1" -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2; }

synced() { [ "$(status_value "$1" wsrep_local_state_comment)" = Synced ]; }

write_config() {
  local n=$1 addresses=""
  for m in "${NODES[@]}"; do addresses+="${addresses:+,}127.0.0.1:$(group_port "$m")"; done
  mkdir -p "$(node_dir "$n")/data"
  cat >"$(config "$n")" <<EOF
[mysqld]
user = $(run_user)
datadir = $(node_dir "$n")/data
socket = $(socket "$n")
pid-file = $(pid_file "$n")
log-error = $(node_dir "$n")/error.log
port = $(sql_port "$n")
bind-address = 127.0.0.1
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
performance_schema = OFF
innodb_buffer_pool_size = 64M
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2

wsrep_on = ON
wsrep_provider = $PROVIDER
wsrep_cluster_name = sessions_galera
wsrep_cluster_address = gcomm://$addresses
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$(group_port "$n")
wsrep_node_incoming_address = 127.0.0.1:$(sql_port "$n")
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$(sst_port "$n")
wsrep_slave_threads = 2
# Short failure detection so a killed node leaves the cluster within seconds.
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$(group_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=64M;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S"
EOF
}

# The position a node that stopped uncleanly had reached, so it can rejoin by
# incremental transfer instead of copying everything.
recovered_position() {
  local n=$1 recover_log
  recover_log="$(node_dir "$n")/recover.log"
  [ -f "$(node_dir "$n")/data/grastate.dat" ] || return 0
  rm -f "$recover_log"
  "$MARIADBD" --defaults-file="$(config "$n")" --wsrep-recover --log-error="$recover_log" >/dev/null 2>&1 || true
  sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$recover_log" 2>/dev/null | tail -n1
}

launch() {
  local n=$1
  shift
  rm -f "$(pid_file "$n")"
  # setsid: the node outlives this script and its terminal.
  setsid "$MARIADBD" --defaults-file="$(config "$n")" "$@" </dev/null >>"$(node_dir "$n")/stdout.log" 2>&1 &
}

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 $((WAIT_SECONDS * 2))); do
    if $check; then return 0; fi
    sleep 0.5
  done
  die "$what did not happen within ${WAIT_SECONDS}s; see $DIR/node*/error.log"
}

node_synced() { running "$1" && synced "$1"; }

start_joiner() {
  local n=$1 position
  write_config "$n"
  chown -R "$(run_user)" "$(node_dir "$n")"
  position="$(recovered_position "$n")"
  log "starting node $n (SQL port $(sql_port "$n"))${position:+ from position $position}"
  if [ -n "$position" ]; then launch "$n" --wsrep-start-position="$position"; else launch "$n"; fi
  wait_for "node $n reaching Synced" "node_synced $n"
}

bootstrap() {
  log "creating a fresh cluster in $DIR"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  for n in "${NODES[@]}"; do write_config "$n"; done
  chown -R "$(run_user)" "$DIR"
  mariadb-install-db --defaults-file="$(config 1)" --auth-root-authentication-method=normal --skip-test-db >"$(node_dir 1)/install.log" 2>&1 ||
    die "mariadb-install-db failed; see $(node_dir 1)/install.log"
  log "starting node 1 (SQL port $(sql_port 1)) with --wsrep-new-cluster"
  launch 1 --wsrep-new-cluster
  wait_for "node 1 reaching Synced" "node_synced 1"
  client 1 -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
    CREATE DATABASE IF NOT EXISTS test CHARACTER SET utf8mb4;"
}

cluster_ready() {
  for n in "${NODES[@]}"; do
    node_synced "$n" || return 1
    [ "$(status_value "$n" wsrep_cluster_size)" = 3 ] || return 1
  done
}

start() {
  [ -x "$MARIADBD" ] || die "no mariadbd at $MARIADBD (install mariadb-server)"
  [ -f "$PROVIDER" ] || die "no Galera provider at $PROVIDER (install galera-4, or set SESSIONS_GALERA_PROVIDER)"
  local any=false
  for n in "${NODES[@]}"; do if running "$n"; then any=true; fi; done
  if [ "$any" = false ]; then bootstrap; fi
  # One joiner at a time: a donor serves one state transfer at once.
  for n in "${NODES[@]}"; do if ! running "$n"; then start_joiner "$n"; fi; done
  wait_for "all three nodes Synced in a cluster of 3" cluster_ready
  log "running: mysql://root@127.0.0.1:$(sql_port 1)/test, :$(sql_port 2), :$(sql_port 3)"
}

stop() {
  local pids=()
  for n in "${NODES[@]}"; do
    local pid
    if pid="$(node_pid "$n")"; then
      log "stopping node $n (pid $pid)"
      kill -TERM "$pid"
      pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 120); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
    [ -d "/proc/$pid" ] && die "pid $pid did not stop within 60s"
  done
  log "stopped"
}

status() {
  local all=0
  for n in "${NODES[@]}"; do
    if pid="$(node_pid "$n")"; then
      echo "node $n: pid $pid, port $(sql_port "$n"), $(status_value "$n" wsrep_local_state_comment || true), cluster size $(status_value "$n" wsrep_cluster_size || true)"
    else
      echo "node $n: not running (port $(sql_port "$n"))"
      all=1
    fi
  done
  return $all
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
