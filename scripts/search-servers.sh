#!/usr/bin/env bash
# Start, stop and inspect the real OpenSearch and Elasticsearch that the push path and its tests run
# against (docs/PUSH.md §7 in ../shared). Both come from Maven Central's "integ-test" distribution zips
# (server + HTTP transport, no bundled JDK), run as a dedicated non-root user, single node, bound to
# 127.0.0.1, plain HTTP, 1 GB heap, disk watermarks off.
#
#   bash scripts/search-servers.sh start  [opensearch|elasticsearch|all]   (default: all)
#   bash scripts/search-servers.sh stop   [opensearch|elasticsearch|all]
#   bash scripts/search-servers.sh status
#   bash scripts/search-servers.sh env      # OPENSEARCH_URL=… / ELASTICSEARCH_URL=… of running servers
#   bash scripts/search-servers.sh wipe   [opensearch|elasticsearch|all]   (delete data; servers stopped)
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
OPENSEARCH_VERSION="${EQL_REPLAY_OPENSEARCH_VERSION:-2.19.6}"
# Elasticsearch 9.4.3 is the release the push benchmark's baseline client (@elastic/elasticsearch 9.4.3)
# targets; it needs Java 21+. Without such a JDK we fall back to 8.19.21, which runs on Java 17.
ELASTICSEARCH_VERSION_9="9.4.3"
ELASTICSEARCH_VERSION_8="8.19.21"

usage() {
  cat <<EOF
Usage: bash scripts/search-servers.sh COMMAND [opensearch|elasticsearch|all]

Commands:
  start [SERVER]   download (first time, cached), configure and start; waits for yellow health,
                   then prints the URL and the version the server reports. Idempotent.
  stop [SERVER]    SIGTERM, wait up to \$EQL_REPLAY_SERVERS_STOP_TIMEOUT s, then SIGKILL; verifies exit.
  status           one line per server: running or stopped, pid, URL, version, health.
  env              OPENSEARCH_URL=… and ELASTICSEARCH_URL=… lines for the running servers,
                   e.g.  env \$(bash scripts/search-servers.sh env) npm test
  wipe [SERVER]    delete the data and logs of stopped servers (downloads stay cached).
  help             this text.

Environment (defaults in brackets):
  EQL_REPLAY_SERVERS_DIR            state dir: downloads, installs, config, data, logs
                                    [$DEFAULT_DIR]
  EQL_REPLAY_SERVERS_USER           service user the servers run as when started by root [eql-replay]
  EQL_REPLAY_OPENSEARCH_PORT        [9201]    EQL_REPLAY_ELASTICSEARCH_PORT     [9202]
  EQL_REPLAY_OPENSEARCH_VERSION     [2.19.6]
  EQL_REPLAY_ELASTICSEARCH_VERSION  [$ELASTICSEARCH_VERSION_9 with a Java 21+ JDK, else $ELASTICSEARCH_VERSION_8]
  EQL_REPLAY_OPENSEARCH_JAVA_HOME   [a Java 17 (or 21) JDK under /usr/lib/jvm]
  EQL_REPLAY_ELASTICSEARCH_JAVA_HOME [9.x: the lowest Java >= 21 under /usr/lib/jvm; 8.x: Java 17]
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

# ---------------------------------------------------------------------------------------------------
# Machine prerequisites: installed with apt-get when missing (a fresh machine of this kind has them all,
# but the script must not depend on what someone installed by hand).
# ---------------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
  is_root || die "missing $*; install them (apt-get install $*) or run this script as root"
  if [[ $APT_UPDATED -eq 0 ]]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_tools() {
  local missing=() cmd pkg pair needed=(curl:curl unzip:unzip mvn:maven flock:util-linux)
  is_root && needed+=(runuser:util-linux useradd:passwd) # only root switches to the service user
  for pair in "${needed[@]}"; do
    cmd=${pair%%:*} pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    # shellcheck disable=SC2046 # word splitting wanted: deduplicated package names
    apt_install $(printf '%s\n' "${missing[@]}" | sort -u)
  fi
}

# The Java major version of a JDK/JRE home (its `release` file, else by asking the java binary).
java_major() {
  local home=$1 v
  [[ -x "$home/bin/java" ]] || return 1
  if [[ -r "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z "${v:-}" ]]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = //p')
  fi
  [[ -n "$v" ]] || return 1
  v=${v#1.} # 1.8 → 8
  printf '%s\n' "${v%%[.+-]*}"
}

# Print the home of an installed JDK whose major version lies in [min, max], preferring the lowest.
find_java() {
  local min=$1 max=$2 home major best="" best_major=999
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    [[ -L "$home" ]] && continue # Debian's java-1.17.0-openjdk-amd64 etc. are aliases
    major=$(java_major "$home" 2>/dev/null) || continue
    if ((major >= min && major <= max && major < best_major)); then
      best=$home best_major=$major
    fi
  done
  [[ -n "$best" ]] && printf '%s\n' "$best"
}

opensearch_java_home() {
  if [[ -n "${EQL_REPLAY_OPENSEARCH_JAVA_HOME:-}" ]]; then
    printf '%s\n' "$EQL_REPLAY_OPENSEARCH_JAVA_HOME"
    return
  fi
  # OpenSearch 2.19 supports Java 11, 17 and 21; 17 is Debian 12's own JDK.
  local home
  home=$(find_java 17 21) || true
  if [[ -z "$home" ]]; then
    apt_install openjdk-17-jre-headless >&2
    home=$(find_java 17 21) || die "no Java 17 JDK under /usr/lib/jvm after installing openjdk-17-jre-headless"
  fi
  printf '%s\n' "$home"
}

# ---------------------------------------------------------------------------------------------------
# Per-server settings. `load_server NAME` sets the S_* globals for opensearch or elasticsearch.
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
    *) die "unknown server '$S_NAME' (expected opensearch, elasticsearch or all)" ;;
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
  esac
  [[ -x "$S_JAVA_HOME/bin/java" ]] || die "$S_LABEL: no java at $S_JAVA_HOME/bin/java"
  S_DIST="$SERVERS_DIR/dist/$S_ARTIFACT-$S_VERSION"
  S_ZIP="$SERVERS_DIR/downloads/$S_ARTIFACT-$S_VERSION.zip"
  S_DATA="$S_DIR/data/$S_VERSION" # per version: an index written by a newer release cannot be read by an older one
}

# ---------------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------------

# The pid of the running server loaded by load_server, or nothing. A pid is trusted only while /proc
# shows a java process started from this state dir (pids are recycled).
running_pid() {
  local pid
  [[ -r "$S_PIDFILE" ]] || return 1
  pid=$(tr -dc '0-9' <"$S_PIDFILE")
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$SERVERS_DIR/dist/$S_ARTIFACT-" || return 1
  printf '%s\n' "$pid"
}

# Read a key from the server.info file written at the last successful start.
info_get() {
  [[ -r "$S_INFO" ]] || return 1
  sed -n "s/^$1=//p" "$S_INFO"
}

port_in_use() {
  # A successful TCP connect means someone listens; bash's /dev/tcp needs no extra tool.
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:(\(.*\))$/\1/p' | head -1
}

as_service_user() {
  if is_root; then
    runuser -u "$SERVICE_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_service_user() {
  is_root || return 0
  if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
    say "creating system user $SERVICE_USER (the servers refuse to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$SERVICE_USER"
  fi
}

# SHA-256 of the zips this script was verified with (the defaults and the Java 17 fallback).
pinned_sha256() {
  case "$S_ARTIFACT-$S_VERSION" in
    opensearch-2.19.6) echo 71d6d8b1c637f3faecda0752b184b1cc526fc6eaad59ec1408c6327bb00b9293 ;;
    elasticsearch-9.4.3) echo adde840e7013d25cf04203377abf77ad66573bc5db381e5b865c18ef5d683bc5 ;;
    elasticsearch-8.19.21) echo 215d5f3dbf0609a149f6218a9e47b6ae2df34ebbff3c5754e35f15a5e5393c8a ;;
  esac
}

verify_zip() {
  local want got
  want=$(pinned_sha256)
  if [[ -z "$want" ]]; then
    warn "no pinned SHA-256 for $S_ARTIFACT $S_VERSION: trusting Maven's transfer checks only"
    return 0
  fi
  got=$(sha256sum "$S_ZIP" | cut -d' ' -f1)
  if [[ "$got" != "$want" ]]; then
    rm -f "$S_ZIP"
    die "$S_ZIP has SHA-256 $got, expected $want (deleted it; run start again to re-download)"
  fi
}

# ---------------------------------------------------------------------------------------------------
# Install: Maven Central integ-test zip → downloads/ (cached) → dist/<artifact>-<version>/ (read-only)
# ---------------------------------------------------------------------------------------------------
install_dist() {
  local coords="$S_GROUP:$S_ARTIFACT:$S_VERSION:zip" tmp
  if [[ -x "$S_DIST/bin/$S_ARTIFACT" ]]; then
    return 0
  fi
  mkdir -p "$SERVERS_DIR/downloads" "$SERVERS_DIR/dist"
  if [[ ! -s "$S_ZIP" ]]; then
    say "downloading $coords from Maven Central"
    # Not `mvn -C` (strict checksums): Maven Central serves the Elasticsearch zips without .sha1
    # files, so strict mode refuses them. Known versions are checked against pinned SHA-256 below.
    if ! mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$coords" -DoutputDirectory="$SERVERS_DIR/downloads" \
      -Dmdep.overWriteReleases=true >"$SERVERS_DIR/downloads/mvn.log" 2>&1; then
      tail -n 30 "$SERVERS_DIR/downloads/mvn.log" >&2
      die "could not fetch $coords (see above); pick another version with EQL_REPLAY_${S_NAME^^}_VERSION"
    fi
    [[ -s "$S_ZIP" ]] || die "Maven reported success but $S_ZIP is missing"
  fi
  verify_zip
  say "unpacking $(basename "$S_ZIP")"
  tmp=$(mktemp -d "$SERVERS_DIR/dist/.unpack.XXXXXX")
  if ! unzip -q "$S_ZIP" -d "$tmp"; then
    rm -rf "$tmp"
    rm -f "$S_ZIP" # a truncated download: fetch it again next time
    die "could not unpack $S_ZIP (removed it; run start again to re-download)"
  fi
  [[ -x "$tmp/$S_ARTIFACT-$S_VERSION/bin/$S_ARTIFACT" ]] || die "unexpected layout in $S_ZIP"
  chmod -R a+rX "$tmp"
  rm -rf "$S_DIST"
  mv "$tmp/$S_ARTIFACT-$S_VERSION" "$S_DIST"
  rmdir "$tmp"
}

# Fresh config dir for each start: the distribution's files plus our settings. The server writes its
# keystore here, so the service user owns it.
write_config() {
  local conf="$S_DIR/config"
  rm -rf "$conf"
  cp -R "$S_DIST/config" "$conf"
  # The launchers cd into the (read-only) install before starting java, so the relative gc-log,
  # error-file and heap-dump paths of the shipped jvm.options must point into our logs dir.
  sed -i -E \
    -e "s#file=(logs/)?gc\.log#file=$S_DIR/logs/gc.log#" \
    -e "s#ErrorFile=(logs/)?hs_err#ErrorFile=$S_DIR/logs/hs_err#" \
    -e "s#HeapDumpPath=data\$#HeapDumpPath=$S_DIR/logs#" \
    "$conf/jvm.options"
  local yml="$conf/$S_ARTIFACT.yml"
  cat >"$yml" <<EOF
# Written by scripts/search-servers.sh on every start; edits here are overwritten.
cluster.name: $S_CLUSTER
node.name: $S_CLUSTER
network.host: $HOST
http.port: $S_PORT
discovery.type: single-node
path.data: $S_DATA
path.logs: $S_DIR/logs
# A test machine's disk can be fuller than the 85/90/95 % watermarks; never block writes for that.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  if [[ $S_NAME == elasticsearch ]]; then
    # The integ-test zip ships x-pack-security; left on it would demand TLS and credentials.
    printf 'xpack.security.enabled: false\n' >>"$yml"
  fi
}

# ---------------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------------
print_log_tail() {
  local f
  for f in "$S_CONSOLE" "$S_LOG"; do
    if [[ -s "$f" ]]; then
      printf -- '----- last 40 lines of %s -----\n' "$f" >&2
      tail -n 40 "$f" >&2
    fi
  done
  printf -- '----- end of log -----\n' >&2
}

# "<distribution> <version>" as the server reports it, e.g. "opensearch 2.19.6" from GET /.
# Elasticsearch has no distribution field, and since 8.9 its GET / lives in the rest-root module, which
# the integ-test zip lacks (GET / answers 405): then the node info API tells the version.
server_version() {
  local body dist ver
  if body=$(curl -fsS --max-time 10 "$1/" 2>/dev/null); then
    ver=$(printf '%s' "$body" | sed -n 's/^ *"number" *: *"\([^"]*\)".*/\1/p' | head -1)
    dist=$(printf '%s' "$body" | sed -n 's/^ *"distribution" *: *"\([^"]*\)".*/\1/p' | head -1)
  else
    body=$(curl -fsS --max-time 10 "$1/_nodes/_local?filter_path=nodes.*.version") || return 1
    ver=$(printf '%s' "$body" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
    body=$(curl -sS --max-time 10 -o /dev/null -D - "$1/") || return 1
    # Only Elasticsearch sends this header (docs/PUSH.md §1); OpenSearch always answers GET /.
    if printf '%s' "$body" | grep -qi '^x-elastic-product: *Elasticsearch'; then dist=elasticsearch; fi
  fi
  printf '%s %s\n' "${dist:-elasticsearch}" "${ver:-unknown}"
}

health_status() {
  curl -fsS --max-time 10 "$1/_cluster/health" 2>/dev/null |
    sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p'
}

# Wait for GET /_cluster/health?wait_for_status=yellow. Returns non-zero, after printing the log tail
# and why, when the process dies or the timeout passes.
wait_for_health() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT_S)) body
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      print_log_tail
      warn "$S_LABEL (pid $pid) exited during startup; its log is above"
      return 1
    fi
    if body=$(curl -fsS --max-time 15 "$S_URL/_cluster/health?wait_for_status=yellow&timeout=10s" 2>/dev/null) &&
      [[ $body =~ \"status\":\"(green|yellow)\" ]]; then
      return 0
    fi
    sleep 1
  done
  print_log_tail
  warn "$S_LABEL did not reach yellow health at $S_URL within ${START_TIMEOUT_S}s (EQL_REPLAY_SERVERS_TIMEOUT); its log is above"
  return 1
}

# SIGTERM, wait up to STOP_TIMEOUT_S, then SIGKILL. Returns non-zero if the process survives even that.
terminate() {
  local pid=$1 deadline
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT_S))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$S_LABEL (pid $pid) still running after ${STOP_TIMEOUT_S}s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  fi
  ! kill -0 "$pid" 2>/dev/null
}

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
  [[ $S_NAME == elasticsearch ]] && prefix=ES
  local run_user
  if is_root; then run_user=$SERVICE_USER; else run_user=$(id -un); fi
  say "starting $S_LABEL $S_VERSION on $S_URL (Java $(java_major "$S_JAVA_HOME") at $S_JAVA_HOME, heap $HEAP, user $run_user)"
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
    printf '%-14s running  pid %-8s %-24s %-26s health %s\n' "$S_NAME" "$pid" "$url" "$version" "${health:-unknown}"
  else
    printf '%-14s stopped\n' "$S_NAME"
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
  flock -w $((START_TIMEOUT_S * 2 + 60)) 9 || die "another search-servers.sh holds $SERVERS_DIR/.lock"
}

servers_of() {
  case ${1:-all} in
    all) echo "opensearch elasticsearch" ;;
    opensearch | elasticsearch) echo "$1" ;;
    *) usage_error "unknown server '$1' (expected opensearch, elasticsearch or all)" ;;
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
