#!/usr/bin/env bash
# Bring up Ceph radosgw (Debian's packages) on loopback as a real third-party S3 endpoint
# for the conformance harness: one monitor, one memstore OSD, no manager, auth none,
# radosgw with beast on 127.0.0.1 (HTTP and HTTPS), SSE-KMS "testing" backend.
#
#   scripts/peers/radosgw.sh start  DIR   # install if needed, start, write DIR/.env
#   scripts/peers/radosgw.sh stop   DIR   # stop what start launched (rgw, osd, mon); idempotent
#   scripts/peers/radosgw.sh status DIR   # say what runs
#
# Everything (ceph.conf, data, run dir, sockets, logs, pid files, certificate) lives under DIR.
# Env: RGW_HTTP_PORT / RGW_HTTPS_PORT / RGW_MON_PORT (must be free when given; otherwise the
# first free port from 7480 / 7443 / 6789 upwards), RGW_ACCESS_KEY / RGW_SECRET_KEY,
# RGW_BUCKET (default sse-conformance), RGW_KMS_KEY_ID / RGW_KMS_KEY_ID_2 (default testkey-1 / testkey-2),
# RGW_START_TIMEOUT (seconds to wait for the HTTP port, default 60), RGW_MON_TIMEOUT (seconds to wait
# for the monitor to answer commands, default 60).
set -euo pipefail

ACTION=${1:-}
DIR_ARG=${2:-}
usage() { echo "usage: $0 start|stop|status DIR" >&2; exit 2; }
[[ -n $ACTION && -n $DIR_ARG ]] || usage

log() { echo "radosgw.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

case $ACTION in start | stop | status) ;; *) usage ;; esac
if [[ ! -d $DIR_ARG ]]; then
  [[ $ACTION == start ]] || { echo "nothing runs: $DIR_ARG does not exist"; [[ $ACTION == stop ]]; exit; }
  mkdir -p -- "$DIR_ARG"
fi
DIR=$(cd -- "$DIR_ARG" && pwd -P)
[[ $DIR != / ]] || die "refusing to use / as DIR"
[[ $DIR != *[[:space:]]* ]] || die "DIR must not contain white space (it goes into ceph.conf)"
CONF=$DIR/ceph.conf
RUN=$DIR/run
LOGS=$DIR/log
ENV_FILE=$DIR/.env
# Daemon names, in stop order.
DAEMONS=(client.rgw.a osd.0 mon.a)

pidfile() { echo "$RUN/$1.pid"; }

# True while PID exists and is not a zombie (an exited daemon is reaped late by init here).
alive() {
  local st
  st=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $st && $st != Z && $st != X ]]
}

# True when PID runs a ceph daemon with exactly "-c DIR/ceph.conf" among its arguments.
ours() {
  local -a argv
  [[ -r /proc/$1/cmdline ]] || return 1
  mapfile -d '' -t argv <"/proc/$1/cmdline" 2>/dev/null || return 1
  ((${#argv[@]} > 2)) || return 1
  case ${argv[0]##*/} in ceph-mon | ceph-osd | radosgw) ;; *) return 1 ;; esac
  local i
  for ((i = 1; i < ${#argv[@]} - 1; i++)); do
    [[ ${argv[i]} == -c && ${argv[i + 1]} == "$CONF" ]] && return 0
  done
  return 1
}

# A pid from DIR's pid file, only when that process is alive and was started with our ceph.conf.
live_pid() {
  local f pid
  f=$(pidfile "$1")
  [[ -s $f ]] || return 1
  pid=$(tr -dc '0-9' <"$f")
  [[ -n $pid ]] && alive "$pid" && ours "$pid" || return 1
  echo "$pid"
}

# SIGTERM, up to 10 s grace, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then
    log "$name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
  fi
  STOPPED+=("$pid")
  log "stopped $name (pid $pid)"
}

STOPPED=()
do_stop() {
  local n pid p
  for n in "${DAEMONS[@]}"; do
    if pid=$(live_pid "$n"); then stop_pid "$n" "$pid"; fi
    rm -f -- "$(pidfile "$n")"
  done
  # Stragglers (e.g. a daemon whose launch timed out before it wrote its pid file): only
  # ceph-mon/ceph-osd/radosgw processes started with -c DIR/ceph.conf, i.e. by this script.
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    ours "$pid" && alive "$pid" && stop_pid "$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)" "$pid"
  done
  # An exited daemon stays a zombie until init reaps it (init here does so within ~2 s);
  # wait for that, bounded, so that pgrep right after stop shows nothing.
  local i
  for ((i = 0; i < 50 && ${#STOPPED[@]} > 0; i++)); do
    for pid in "${STOPPED[@]}"; do [[ -e /proc/$pid ]] && break; pid=; done
    [[ -z $pid ]] && break
    sleep 0.1
  done
  return 0
}

do_status() {
  local n pid any=0 rss
  for n in "${DAEMONS[@]}"; do
    if pid=$(live_pid "$n"); then
      rss=$(awk '/^VmRSS/{print $2 " " $3}' "/proc/$pid/status" 2>/dev/null || true)
      echo "$n: running (pid $pid, rss $rss)"
      any=1
    else
      echo "$n: not running"
    fi
  done
  if [[ $any == 1 && -f $ENV_FILE ]]; then
    grep -E '^S3_ENDPOINT_HTTPS?=' "$ENV_FILE" | sed 's/^/  /'
  fi
  [[ $any == 1 ]]
}

port_free() {
  if command -v ss >/dev/null; then
    [[ -z $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
  else
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# pick_port ENVVAR DEFAULT [EXCLUDED...]
pick_port() {
  local var=$1 p=$2 x ok; shift 2
  if [[ -n ${!var:-} ]]; then
    p=${!var}
    [[ $p =~ ^[0-9]+$ ]] && ((p > 0 && p < 65536)) || die "$var=$p is not a port"
    port_free "$p" || die "$var=$p: port is in use"
    echo "$p"; return
  fi
  for ((; p < 65536; p++)); do
    ok=1
    for x in "$@"; do [[ $p == "$x" ]] && ok=0; done
    # keep clear of the OSD's default bind range (6800-7300)
    ((p >= 6800 && p <= 7300)) && ok=0
    [[ $ok == 1 ]] && port_free "$p" && { echo "$p"; return; }
  done
  die "no free port for $var"
}

install_packages() {
  local missing=() p
  for p in ceph-mon ceph-osd radosgw ceph-common; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]} (apt-get, about 40 s) ..."
  export DEBIAN_FRONTEND=noninteractive
  local aptopts=(-q -o DPkg::Lock::Timeout=600)
  # update only when the package lists do not know ceph-mon yet (fresh image)
  if ! apt-cache show ceph-mon >/dev/null 2>&1; then
    apt-get "${aptopts[@]}" update >"$LOGS/apt.out" 2>&1 || { tail -20 "$LOGS/apt.out" >&2; die "apt-get update failed"; }
  fi
  if ! apt-get "${aptopts[@]}" install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common openssl curl \
      >>"$LOGS/apt.out" 2>&1; then
    # the lists may be stale: update once and retry
    apt-get "${aptopts[@]}" update >>"$LOGS/apt.out" 2>&1 || true
    apt-get "${aptopts[@]}" install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common openssl curl \
      >>"$LOGS/apt.out" 2>&1 || { tail -20 "$LOGS/apt.out" >&2; die "apt-get install failed"; }
  fi
}

FAIL_LOG=
fail_start() {
  local msg=$1
  log "error: $msg"
  if [[ -n $FAIL_LOG && -f $FAIL_LOG ]]; then
    log "--- tail of $FAIL_LOG ---"
    tail -n 30 -- "$FAIL_LOG" >&2
  fi
  do_stop >/dev/null 2>&1 || true
  exit 1
}

CEPH() { timeout 30 ceph -c "$CONF" --connect-timeout 20 "$@"; }

# A ceph CLI call, tried again (up to 5 times, 1 s apart) when the monitor is not ready for it yet:
# right after it forks, a fresh monitor answers EPERM ("problem getting command descriptions") or
# times out. Its stdout is the last try's; every try's stderr goes to the CLI log.
CEPH_RETRY() {
  local try out
  for try in 1 2 3 4 5; do
    if out=$(CEPH "$@" 2>>"$LOGS/ceph-cli.out"); then printf '%s\n' "$out"; return 0; fi
    echo "ceph $* failed (try $try), retrying" >>"$LOGS/ceph-cli.out"
    sleep 1
  done
  return 1
}

# Waits (bounded) until the monitor answers commands, not merely until its daemon has forked.
wait_for_mon() {
  local deadline=$((SECONDS + ${RGW_MON_TIMEOUT:-60}))
  while ((SECONDS < deadline)); do
    CEPH mon stat >>"$LOGS/ceph-cli.out" 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

do_start() {
  local n
  for n in "${DAEMONS[@]}"; do
    if live_pid "$n" >/dev/null; then
      if [[ -f $ENV_FILE ]] && live_pid client.rgw.a >/dev/null && live_pid osd.0 >/dev/null && live_pid mon.a >/dev/null; then
        log "already running in $DIR"
        echo "$ENV_FILE"; return 0
      fi
      log "a partial cluster runs in $DIR; stopping it first"
      do_stop; break
    fi
  done

  mkdir -p -- "$LOGS"
  install_packages
  local t0=$SECONDS t0ns
  t0ns=$(date +%s%N)

  # Fresh state every time (memstore data does not survive a stop anyway). Only our subfolders.
  rm -rf -- "$DIR/mon" "$DIR/osd" "$DIR/rgw" "$DIR/run" "$DIR/tls" "$DIR/crash" "$DIR/monmap" "$ENV_FILE"
  rm -f -- "$LOGS"/*.log
  mkdir -p -- "$DIR/mon" "$DIR/osd" "$DIR/rgw" "$RUN" "$LOGS" "$DIR/tls" "$DIR/crash"

  local mon_port http_port https_port
  mon_port=$(pick_port RGW_MON_PORT 6789)
  http_port=$(pick_port RGW_HTTP_PORT 7480 "$mon_port")
  https_port=$(pick_port RGW_HTTPS_PORT 7443 "$mon_port" "$http_port")
  [[ $mon_port != "$http_port" && $mon_port != "$https_port" && $http_port != "$https_port" ]] \
    || die "ports must differ (mon $mon_port, http $http_port, https $https_port)"

  local access_key=${RGW_ACCESS_KEY:-SSECONFORMANCE0KEY01}
  local secret_key=${RGW_SECRET_KEY:-sseConformanceSecretKey0123456789abcdefg}
  local bucket=${RGW_BUCKET:-sse-conformance}
  local kms_key_id=${RGW_KMS_KEY_ID:-testkey-1}
  local kms_key_id2=${RGW_KMS_KEY_ID_2:-testkey-2}
  local kms_key kms_key2 fsid osd_uuid
  kms_key=$(openssl rand -base64 32)
  kms_key2=$(openssl rand -base64 32)
  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)

  # Self-signed certificate for 127.0.0.1 / localhost; its PEM is the CA file for clients.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" >/dev/null 2>&1 || die "openssl failed"
  cp -- "$DIR/tls/cert.pem" "$DIR/ca.pem"

  cat >"$CONF" <<EOF
# Written by scripts/peers/radosgw.sh; regenerated on every start.
[global]
fsid = $fsid
mon_initial_members = a
mon_host = [v1:127.0.0.1:$mon_port]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
ms_bind_msgr2 = false
ms_bind_ipv6 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
mon_warn_on_insecure_global_id_reclaim_allowed = false
mon_warn_on_insecure_global_id_reclaim = false
keyring = $DIR/keyring
run_dir = $RUN
admin_socket = $RUN/\$name.asok
pid_file = $RUN/\$name.pid
log_file = $LOGS/\$name.log
crash_dir = $DIR/crash
mon_data = $DIR/mon/\$id
osd_data = $DIR/osd/\$id
rgw_data = $DIR/rgw/\$id
log_to_stderr = false
err_to_stderr = false
log_to_syslog = false
debug_ms = 0
osd_objectstore = memstore
memstore_device_bytes = 1073741824
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
mon_allow_pool_delete = true
# one osdmap epoch per pool change: the default 1 s between proposals makes radosgw start take ~9 s
paxos_propose_interval = 0.05
paxos_min_wait = 0.01
osd_op_num_shards = 1
osd_op_num_threads_per_shard = 2
# The OSD would put itself into the CRUSH map with mon commands sent right after it connects,
# sometimes before its monitor client has the monmap: the monitor then refuses them ("wrong
# fsid") and the OSD gives up. Placement is done by this script instead (ceph osd crush add).
osd_crush_update_on_start = false
osd_class_update_on_start = false

[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$http_port ssl_endpoint=127.0.0.1:$https_port ssl_certificate=$DIR/tls/cert.pem ssl_private_key=$DIR/tls/key.pem
rgw_dns_name = localhost
rgw_crypt_require_ssl = true
rgw_crypt_s3_kms_backend = testing
rgw_crypt_s3_kms_encryption_keys = $kms_key_id=$kms_key $kms_key_id2=$kms_key2
rgw_thread_pool_size = 64
rgw_enable_usage_log = false
rgw_enable_lc_threads = false
debug_rgw = 1
EOF

  # Monitor.
  FAIL_LOG=$LOGS/mon.a.log
  monmaptool --create --clobber --fsid "$fsid" --enable-all-features --set-min-mon-release pacific \
    --addv a "[v1:127.0.0.1:$mon_port]" "$DIR/monmap" >/dev/null 2>&1 || fail_start "monmaptool failed"
  timeout 30 ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >>"$LOGS/mon.a.mkfs.out" 2>&1 \
    || { FAIL_LOG=$LOGS/mon.a.mkfs.out; fail_start "ceph-mon --mkfs failed"; }
  timeout 30 ceph-mon -c "$CONF" -i a >>"$LOGS/mon.a.out" 2>&1 || fail_start "ceph-mon did not start"
  wait_for_mon || { FAIL_LOG=$LOGS/ceph-cli.out; fail_start "mon.a did not answer within ${RGW_MON_TIMEOUT:-60} s"; }
  log "mon.a up and answering on 127.0.0.1:$mon_port ($((SECONDS - t0)) s)"

  # OSD (memstore).
  FAIL_LOG=$LOGS/osd.0.log
  local osd_id
  # `osd new` with the same uuid is idempotent: a retry after a timeout returns the same id.
  osd_id=$(CEPH_RETRY osd new "$osd_uuid") || { FAIL_LOG=$LOGS/ceph-cli.out; fail_start "ceph osd new failed"; }
  [[ $osd_id == 0 ]] || fail_start "unexpected osd id '$osd_id'"
  CEPH_RETRY osd crush add osd.0 1.0 root=default >>"$LOGS/ceph-cli.out" \
    || { FAIL_LOG=$LOGS/ceph-cli.out; fail_start "ceph osd crush add failed"; }
  mkdir -p -- "$DIR/osd/0"
  timeout 60 ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$LOGS/osd.0.mkfs.out" 2>&1 \
    || { FAIL_LOG=$LOGS/osd.0.mkfs.out; fail_start "ceph-osd --mkfs failed"; }
  timeout 60 ceph-osd -c "$CONF" -i 0 >>"$LOGS/osd.0.out" 2>&1 || fail_start "ceph-osd did not start"
  log "osd.0 up ($((SECONDS - t0)) s)"

  # Gateway.
  FAIL_LOG=$LOGS/client.rgw.a.log
  timeout 30 radosgw -c "$CONF" -n client.rgw.a >>"$LOGS/client.rgw.a.out" 2>&1 || fail_start "radosgw did not start"
  local deadline=$((SECONDS + ${RGW_START_TIMEOUT:-60})) up=0 rgw_pid=
  while ((SECONDS < deadline)); do
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/"; then up=1; break; fi
    if [[ -z $rgw_pid ]]; then
      rgw_pid=$(live_pid client.rgw.a) || rgw_pid=
    elif ! alive "$rgw_pid"; then
      fail_start "radosgw (pid $rgw_pid) exited"
    fi
    sleep 0.2
  done
  [[ $up == 1 ]] || fail_start "radosgw did not answer on 127.0.0.1:$http_port within ${RGW_START_TIMEOUT:-60} s"
  curl -s -o /dev/null --max-time 5 --cacert "$DIR/ca.pem" "https://127.0.0.1:$https_port/" \
    || fail_start "radosgw does not answer HTTPS on 127.0.0.1:$https_port (or the certificate does not verify)"
  log "radosgw up on http://127.0.0.1:$http_port and https://127.0.0.1:$https_port ($((SECONDS - t0)) s)"

  # User with known keys, and the bucket (V4 over HTTPS; radosgw needs x-amz-content-sha256).
  FAIL_LOG=$LOGS/radosgw-admin.out
  timeout 60 radosgw-admin -c "$CONF" user create --uid sse-conformance \
    --display-name "sse-conformance harness" --access-key "$access_key" --secret-key "$secret_key" \
    >>"$LOGS/radosgw-admin.out" 2>&1 || fail_start "radosgw-admin user create failed"
  FAIL_LOG=$LOGS/create-bucket.out
  local code
  code=$(curl -s -o "$LOGS/create-bucket.out" -w '%{http_code}' --max-time 20 --cacert "$DIR/ca.pem" \
    --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access_key:$secret_key" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    -X PUT "https://127.0.0.1:$https_port/$bucket") || true
  [[ $code == 200 ]] || fail_start "creating bucket $bucket answered HTTP $code"

  umask 077
  cat >"$ENV_FILE" <<EOF
S3_ENDPOINT_HTTP=http://127.0.0.1:$http_port
S3_ENDPOINT_HTTPS=https://127.0.0.1:$https_port
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=$access_key
S3_SECRET_ACCESS_KEY=$secret_key
S3_BUCKET=$bucket
S3_KMS_KEY_ID=$kms_key_id
S3_KMS_KEY_ID_2=$kms_key_id2
S3_FORCE_PATH_STYLE=true
S3_CA_FILE=$DIR/ca.pem
S3_TLS_INSECURE=false
EOF
  local t1ns
  t1ns=$(date +%s%N)
  log "ready in $(( (t1ns - t0ns) / 1000000 )) ms"
  echo "$ENV_FILE"
}

case $ACTION in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) usage ;;
esac
