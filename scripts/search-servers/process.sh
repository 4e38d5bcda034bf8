# shellcheck shell=bash
# Sourced by scripts/search-servers.sh: the running servers — pids (trusted only while /proc agrees),
# ports, the service user, health and version probes over HTTP, and termination. Uses the S_* globals
# that load_server sets.

# ---------------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------------

# The pid of the running server loaded by load_server, or nothing. A pid is trusted only while /proc
# shows a java process run from our install of this artifact AND pointed at this server's own state dir
# (its -Djava.io.tmpdir and log paths): pids are recycled, and the elasticsearch and elasticsearch8
# servers run the same artifact, so the install alone would not tell one from the other.
running_pid() {
  local pid cmdline
  [[ -r "$S_PIDFILE" ]] || return 1
  pid=$(tr -dc '0-9' <"$S_PIDFILE")
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$SERVERS_DIR/dist/$S_ARTIFACT-"* && $cmdline == *"=$S_DIR/"* ]] || return 1
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
