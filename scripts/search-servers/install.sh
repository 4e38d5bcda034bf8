# shellcheck shell=bash
# Sourced by scripts/search-servers.sh: what a start needs on disk — tools installed with apt-get when
# missing, the JDK chosen for each server, the integ-test zip fetched, checked and unpacked, and the
# per-start config. Uses the S_* globals that load_server/resolve_runtime set.

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
  if [[ $S_ARTIFACT == elasticsearch ]]; then
    # The integ-test zip ships x-pack-security; left on it would demand TLS and credentials.
    printf 'xpack.security.enabled: false\n' >>"$yml"
  fi
}
