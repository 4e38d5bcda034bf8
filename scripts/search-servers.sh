#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Start, stop and inspect the real OpenSearch 2, Elasticsearch 9 and Elasticsearch 8 that the push path
# and its tests run against (docs/PUSH.md §7 in ../shared; push promises Elasticsearch 8/9 and OpenSearch
# 2, so all three are tested). All come from Maven Central's "integ-test" distribution zips (server + HTTP
# transport, no bundled JDK), run as a dedicated non-root user, single node, bound to 127.0.0.1, plain
# HTTP, 1 GB heap each, disk watermarks off.
#
#   bash scripts/search-servers.sh start  [SERVER]   (SERVER: opensearch|elasticsearch|elasticsearch8|all, default all)
#   bash scripts/search-servers.sh stop   [SERVER]
#   bash scripts/search-servers.sh status [SERVER]
#   bash scripts/search-servers.sh env    [SERVER]   # OPENSEARCH_URL=… ELASTICSEARCH_URL=… ELASTICSEARCH8_URL=…
#   bash scripts/search-servers.sh wipe   [SERVER]   (delete data; servers stopped)
#
# Every knob is an environment variable; `bash scripts/search-servers.sh help` lists them.
set -euo pipefail

readonly PROG="search-servers"
readonly HOST="127.0.0.1"

# ---------------------------------------------------------------------------------------------------
# Configuration (environment variables, all optional)
# ---------------------------------------------------------------------------------------------------
if [[ $(id -u) -eq 0 ]]; then
  # Root's home is mode 0700 on Debian: the service user could not reach an install under /root.
  DEFAULT_DIR=/var/lib/eql-replay/servers
else
  DEFAULT_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/eql-replay/servers"
fi
SERVERS_DIR="${EQL_REPLAY_SERVERS_DIR:-$DEFAULT_DIR}"
SERVICE_USER="${EQL_REPLAY_SERVERS_USER:-eql-replay}"
START_TIMEOUT_S="${EQL_REPLAY_SERVERS_TIMEOUT:-300}"
STOP_TIMEOUT_S="${EQL_REPLAY_SERVERS_STOP_TIMEOUT:-60}"
HEAP="${EQL_REPLAY_SERVERS_HEAP:-1g}"
OPENSEARCH_PORT="${EQL_REPLAY_OPENSEARCH_PORT:-9201}"
ELASTICSEARCH_PORT="${EQL_REPLAY_ELASTICSEARCH_PORT:-9202}"
ELASTICSEARCH8_PORT="${EQL_REPLAY_ELASTICSEARCH8_PORT:-9203}"
OPENSEARCH_VERSION="${EQL_REPLAY_OPENSEARCH_VERSION:-2.19.6}"
# Elasticsearch 9.4.3 is the release the push benchmark's baseline client (@elastic/elasticsearch 9.4.3)
# targets; it needs Java 21+. Without such a JDK the `elasticsearch` server falls back to 8.19.21, which
# runs on Java 17. The `elasticsearch8` server is always an 8.x (default 8.19.21, the last 8 minor).
ELASTICSEARCH_VERSION_9="9.4.3"
ELASTICSEARCH_VERSION_8="8.19.21"
readonly ALL_SERVERS="opensearch elasticsearch elasticsearch8"

usage() {
  cat <<EOF
Usage: bash scripts/search-servers.sh COMMAND [SERVER]

Servers (SERVER, default all):
  opensearch       http://$HOST:$OPENSEARCH_PORT   OpenSearch $OPENSEARCH_VERSION, Java 17
  elasticsearch    http://$HOST:$ELASTICSEARCH_PORT   Elasticsearch $ELASTICSEARCH_VERSION_9, Java 21+ ($ELASTICSEARCH_VERSION_8 on Java 17 without one)
  elasticsearch8   http://$HOST:$ELASTICSEARCH8_PORT   Elasticsearch $ELASTICSEARCH_VERSION_8, Java 17
  all              all three

Commands:
  start [SERVER]   download (first time, cached), configure and start; waits for yellow health,
                   then prints the URL and the version the server reports. Idempotent.
  stop [SERVER]    SIGTERM, wait up to \$EQL_REPLAY_SERVERS_STOP_TIMEOUT s, then SIGKILL; verifies exit.
  status [SERVER]  one line per server: running or stopped, pid, URL, version, health.
  env [SERVER]     OPENSEARCH_URL=…, ELASTICSEARCH_URL=… and ELASTICSEARCH8_URL=… lines for the
                   running servers, e.g.  env \$(bash scripts/search-servers.sh env) npm test
  wipe [SERVER]    delete the data and logs of stopped servers (downloads stay cached).
  help             this text.

Environment (defaults in brackets):
  EQL_REPLAY_SERVERS_DIR            state dir: downloads, installs, config, data, logs
                                    [$DEFAULT_DIR]
  EQL_REPLAY_SERVERS_USER           service user the servers run as when started by root [eql-replay]
  EQL_REPLAY_OPENSEARCH_PORT        [9201]    EQL_REPLAY_ELASTICSEARCH_PORT     [9202]
  EQL_REPLAY_ELASTICSEARCH8_PORT    [9203]
  EQL_REPLAY_OPENSEARCH_VERSION     [2.19.6]
  EQL_REPLAY_ELASTICSEARCH_VERSION  [$ELASTICSEARCH_VERSION_9 with a Java 21+ JDK, else $ELASTICSEARCH_VERSION_8]
  EQL_REPLAY_ELASTICSEARCH8_VERSION [$ELASTICSEARCH_VERSION_8] (must be an 8.x)
  EQL_REPLAY_OPENSEARCH_JAVA_HOME   [a Java 17 (or 21) JDK under /usr/lib/jvm]
  EQL_REPLAY_ELASTICSEARCH_JAVA_HOME [9.x: the lowest Java >= 21 under /usr/lib/jvm; 8.x: Java 17]
  EQL_REPLAY_ELASTICSEARCH8_JAVA_HOME [a Java 17 (or 21) JDK under /usr/lib/jvm]
  EQL_REPLAY_SERVERS_HEAP           JVM heap, -Xms = -Xmx [1g]
  EQL_REPLAY_SERVERS_TIMEOUT        seconds to wait for health on start [300]
  EQL_REPLAY_SERVERS_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL [60]
EOF
}

say() { printf '[%s] %s\n' "$PROG" "$*"; }
warn() { printf '[%s] %s\n' "$PROG" "$*" >&2; }
die() {
  printf '[%s] error: %s\n' "$PROG" "$*" >&2
  exit 1
}
usage_error() {
  printf '[%s] usage error: %s (see: bash scripts/search-servers.sh help)\n' "$PROG" "$*" >&2
  exit 2
}

is_root() { [[ $(id -u) -eq 0 ]]; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=search-servers/install.sh
. "$HERE/search-servers/install.sh"
# shellcheck source=search-servers/process.sh
. "$HERE/search-servers/process.sh"

# ---------------------------------------------------------------------------------------------------
# Per-server settings. `load_server NAME` sets the S_* globals for opensearch, elasticsearch or
# elasticsearch8. Each server has its own state dir (config, data, logs, pid) and port; the two
# Elasticsearch servers share the cached download and install of a version.
# ---------------------------------------------------------------------------------------------------
load_server() {
  S_NAME=$1
  S_DIR="$SERVERS_DIR/$S_NAME"
  S_INFO="$S_DIR/server.info"
  S_PIDFILE="$S_DIR/server.pid"
  S_CONSOLE="$S_DIR/logs/console.log"
  S_CLUSTER="eql-replay-$S_NAME"
  S_LOG="$S_DIR/logs/$S_CLUSTER.log"
  case $S_NAME in
    opensearch)
      S_LABEL=OpenSearch
      S_PORT=$OPENSEARCH_PORT
      S_URL_VAR=OPENSEARCH_URL
      S_VERSION=$OPENSEARCH_VERSION
      S_GROUP=org.opensearch.distribution.integ-test-zip
      S_ARTIFACT=opensearch
      ;;
    elasticsearch)
      S_LABEL=Elasticsearch
      S_PORT=$ELASTICSEARCH_PORT
      S_URL_VAR=ELASTICSEARCH_URL
      S_VERSION=${EQL_REPLAY_ELASTICSEARCH_VERSION:-}
      S_GROUP=org.elasticsearch.distribution.integ-test-zip
      S_ARTIFACT=elasticsearch
      ;;
    elasticsearch8)
      S_LABEL="Elasticsearch 8"
      S_PORT=$ELASTICSEARCH8_PORT
      S_URL_VAR=ELASTICSEARCH8_URL
      S_VERSION=${EQL_REPLAY_ELASTICSEARCH8_VERSION:-$ELASTICSEARCH_VERSION_8}
      S_GROUP=org.elasticsearch.distribution.integ-test-zip
      S_ARTIFACT=elasticsearch
      ;;
    *) die "unknown server '$S_NAME' (expected opensearch, elasticsearch, elasticsearch8 or all)" ;;
  esac
  S_URL="http://$HOST:$S_PORT"
}

# Decide the version and JDK of the server loaded by load_server (only needed to start it).
resolve_runtime() {
  case $S_NAME in
    opensearch)
      S_JAVA_HOME=$(opensearch_java_home)
      ;;
    elasticsearch)
      if [[ -n "${EQL_REPLAY_ELASTICSEARCH_JAVA_HOME:-}" ]]; then
        S_JAVA_HOME=$EQL_REPLAY_ELASTICSEARCH_JAVA_HOME
        if [[ -z "$S_VERSION" ]]; then
          if (($(java_major "$S_JAVA_HOME") >= 21)); then S_VERSION=$ELASTICSEARCH_VERSION_9; else S_VERSION=$ELASTICSEARCH_VERSION_8; fi
        fi
      else
        local modern
        modern=$(find_java 21 99) || true
        if [[ -z "$S_VERSION" ]]; then
          if [[ -n "$modern" ]]; then
            S_VERSION=$ELASTICSEARCH_VERSION_9
          else
            S_VERSION=$ELASTICSEARCH_VERSION_8
            warn "no Java 21+ JDK under /usr/lib/jvm: using Elasticsearch $S_VERSION on Java 17 instead of $ELASTICSEARCH_VERSION_9"
          fi
        fi
        if [[ ${S_VERSION%%.*} -ge 9 ]]; then
          [[ -n "$modern" ]] || die "Elasticsearch $S_VERSION needs Java 21 or newer: install one under /usr/lib/jvm or set EQL_REPLAY_ELASTICSEARCH_JAVA_HOME"
          S_JAVA_HOME=$modern
        else
          S_JAVA_HOME=$(opensearch_java_home) # the same Java 17 choice fits Elasticsearch 8
        fi
      fi
      ;;
    elasticsearch8)
      # The name promises an 8.x: the tests check that ELASTICSEARCH8_URL answers with one.
      [[ ${S_VERSION%%.*} == 8 ]] || die "EQL_REPLAY_ELASTICSEARCH8_VERSION=$S_VERSION is not an 8.x release"
      # Elasticsearch 8 runs on Java 17 and 21, like OpenSearch 2.19: the same choice, its own override.
      S_JAVA_HOME=${EQL_REPLAY_ELASTICSEARCH8_JAVA_HOME:-$(opensearch_java_home)}
      ;;
  esac
  [[ -x "$S_JAVA_HOME/bin/java" ]] || die "$S_LABEL: no java at $S_JAVA_HOME/bin/java"
  S_DIST="$SERVERS_DIR/dist/$S_ARTIFACT-$S_VERSION"
  S_ZIP="$SERVERS_DIR/downloads/$S_ARTIFACT-$S_VERSION.zip"
  S_DATA="$S_DIR/data/$S_VERSION" # per version: an index written by a newer release cannot be read by an older one
}

# ---------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------
start_one() {
  local t0=$SECONDS pid version
  load_server "$1"
  resolve_runtime

  if pid=$(running_pid); then
    local running_version running_port
    running_version=$(info_get version || true)
    running_port=$(info_get port || true)
    if [[ "$running_version" != "$S_VERSION" || "$running_port" != "$S_PORT" ]]; then
      die "$S_LABEL is already running as $running_version on port $running_port (pid $pid), not $S_VERSION on $S_PORT: stop it first"
    fi
    wait_for_health "$pid" || die "$S_LABEL (pid $pid) is running but not healthy: see above, or stop it and start again"
    version=$(server_version "$S_URL") || die "$S_LABEL (pid $pid) does not answer GET / at $S_URL"
    say "$S_LABEL already running: $S_URL  $version  (pid $pid)"
    return 0
  fi

  if port_in_use "$S_PORT"; then
    local owner
    owner=$(port_owner "$S_PORT")
    die "port $S_PORT on $HOST is already in use${owner:+ by $owner}: stop that process or set EQL_REPLAY_${S_NAME^^}_PORT"
  fi

  install_dist
  mkdir -p "$S_DIR/logs" "$S_DIR/tmp" "$S_DATA"
  write_config
  rm -f "$S_PIDFILE" "$S_INFO"
  : >"$S_CONSOLE"
  if is_root; then
    chown -R "$SERVICE_USER:$SERVICE_USER" "$S_DIR"
    # The service user must be able to reach the install through every parent directory.
    runuser -u "$SERVICE_USER" -- test -x "$S_DIST/bin/$S_ARTIFACT" ||
      die "user $SERVICE_USER cannot reach $S_DIST (a parent directory is not world-searchable); choose another EQL_REPLAY_SERVERS_DIR"
  fi

  local prefix=${S_ARTIFACT^^}
  [[ $S_ARTIFACT == elasticsearch ]] && prefix=ES
  local run_user
  if is_root; then run_user=$SERVICE_USER; else run_user=$(id -un); fi
  say "starting $S_LABEL ($S_VERSION) on $S_URL (Java $(java_major "$S_JAVA_HOME") at $S_JAVA_HOME, heap $HEAP, user $run_user)"
  # A clean environment: a stray JAVA_TOOL_OPTIONS or JAVA_HOME must not change what runs.
  # `-d` daemonizes; `-p` makes the server write its own pid. Working directory = the server's own
  # dir, because the distributions' jvm.options write gc logs and heap dumps to relative paths.
  (
    cd "$S_DIR"
    ulimit -n 65535 2>/dev/null || true
    as_service_user env -i \
      PATH=/usr/local/bin:/usr/bin:/bin \
      HOME="$S_DIR" \
      LANG=C.UTF-8 \
      "${prefix}_JAVA_HOME=$S_JAVA_HOME" \
      "${prefix}_JAVA_OPTS=-Xms$HEAP -Xmx$HEAP" \
      "${prefix}_PATH_CONF=$S_DIR/config" \
      "${prefix}_TMPDIR=$S_DIR/tmp" \
      timeout "$START_TIMEOUT_S" "$S_DIST/bin/$S_ARTIFACT" -d -p "$S_PIDFILE" \
      </dev/null >>"$S_CONSOLE" 2>&1 9>&- # fd 9 is our lock: the daemon must not inherit it
  ) || {
    print_log_tail
    die "$S_LABEL failed to start; its log is above"
  }

  # The pid file appears once the node has bootstrapped.
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until pid=$(running_pid); do
    if ((SECONDS >= deadline)); then
      print_log_tail
      die "$S_LABEL wrote no pid file ($S_PIDFILE) within ${START_TIMEOUT_S}s"
    fi
    sleep 0.5
  done
  if ! wait_for_health "$pid"; then
    # A server that missed its deadline is of no use to anyone: do not leave it running behind us.
    warn "stopping the half-started $S_LABEL (pid $pid)"
    terminate "$pid" || warn "$S_LABEL (pid $pid) survived SIGKILL"
    rm -f "$S_PIDFILE"
    die "$S_LABEL failed to start"
  fi
  version=$(server_version "$S_URL") || die "$S_LABEL (pid $pid) does not answer GET / at $S_URL"
  cat >"$S_INFO" <<EOF
name=$S_NAME
version=$S_VERSION
port=$S_PORT
url=$S_URL
java_home=$S_JAVA_HOME
dist=$S_DIST
EOF
  say "$S_LABEL ready in $((SECONDS - t0))s: $S_URL  $version  (pid $pid, logs in $S_DIR/logs)"
}

stop_one() {
  local pid t0=$SECONDS
  load_server "$1"
  if ! pid=$(running_pid); then
    rm -f "$S_PIDFILE"
    say "$S_LABEL is not running"
    return 0
  fi
  say "stopping $S_LABEL (pid $pid)"
  terminate "$pid" || die "$S_LABEL (pid $pid) survived SIGKILL"
  rm -f "$S_PIDFILE"
  say "$S_LABEL stopped in $((SECONDS - t0))s"
}

status_one() {
  local pid url version health
  load_server "$1"
  if pid=$(running_pid); then
    url=$(info_get url || true)
    url=${url:-$S_URL}
    version=$(server_version "$url" 2>/dev/null || echo "not answering")
    health=$(health_status "$url" || true)
    printf '%-15s running  pid %-8s %-24s %-26s health %s\n' "$S_NAME" "$pid" "$url" "$version" "${health:-unknown}"
  else
    printf '%-15s stopped\n' "$S_NAME"
  fi
}

env_one() {
  local url
  load_server "$1"
  if running_pid >/dev/null; then
    url=$(info_get url || true)
    printf '%s=%s\n' "$S_URL_VAR" "${url:-$S_URL}"
  else
    warn "$S_NAME is not running: $S_URL_VAR not set"
  fi
}

wipe_one() {
  load_server "$1"
  if running_pid >/dev/null; then
    die "$S_LABEL is running: stop it before wiping its data"
  fi
  rm -rf "$S_DIR"
  say "$S_LABEL: deleted $S_DIR"
}

# Serialize start/stop/wipe: several shells (people, CI, tests) may call this script at once.
take_lock() {
  mkdir -p "$SERVERS_DIR"
  exec 9>"$SERVERS_DIR/.lock"
  flock -w $((START_TIMEOUT_S * 3 + 60)) 9 || die "another search-servers.sh holds $SERVERS_DIR/.lock"
}

servers_of() {
  case ${1:-all} in
    all) echo "$ALL_SERVERS" ;;
    opensearch | elasticsearch | elasticsearch8) echo "$1" ;;
    *) usage_error "unknown server '$1' (expected opensearch, elasticsearch, elasticsearch8 or all)" ;;
  esac
}

main() {
  local cmd=${1:-help} target=${2:-all} names name
  [[ $# -le 2 ]] || usage_error "too many arguments"
  names=$(servers_of "$target") # not inside `for … in $(…)`: there a die would not stop us
  case $cmd in
    start)
      ensure_tools
      ensure_service_user
      take_lock
      for name in $names; do start_one "$name"; done
      ;;
    stop)
      take_lock
      for name in $names; do stop_one "$name"; done
      ;;
    status)
      for name in $names; do status_one "$name"; done
      ;;
    env)
      for name in $names; do env_one "$name"; done
      ;;
    wipe)
      take_lock
      for name in $names; do wipe_one "$name"; done
      ;;
    help | -h | --help) usage ;;
    *) usage_error "unknown command '$cmd'" ;;
  esac
}

main "$@"
