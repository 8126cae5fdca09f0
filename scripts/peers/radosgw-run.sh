#!/usr/bin/env bash
# npm run peer:radosgw — the full matrix against a real radosgw, checked against its expectation.
#
#   1. starts radosgw (scripts/peers/radosgw.sh) in a fresh temp folder;
#   2. runs `sse-conformance run --env-file DIR/.env --report-dir reports/radosgw --expect EXPECTED`
#      (the baseline: exit 0 when exactly the listed cells do not pass, as listed);
#   3. while radosgw is still up, lib/peers/check-run.ts asserts
#      (a) every cell judged, ERROR cells only where the expectation lists them,
#      (b) nothing left under sse-conformance-runs/<run-id>/ (objects, open multipart uploads),
#      (c) the cells that do not pass are exactly those in config/peers/radosgw.expected.json;
#   4. stops radosgw (always: trap), and exits 0 only when all of that holds.
#
# Env: RGW_REPORT_DIR (default reports/radosgw), RGW_EXPECTED (default
# config/peers/radosgw.expected.json), RGW_KEEP_DIR=1 keeps the radosgw folder (logs) after the
# stage; plus radosgw.sh's own RGW_* settings. S3_* and SSE_PROFILE from the environment are
# ignored (they would override DIR/.env); SSE_CONCURRENCY and SSE_TIMEOUT_MS are honoured.
set -euo pipefail
# The AWS SDK warns at every start that its 2027 releases need Node 22; noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd -- "$ROOT"
REPORT_DIR=${RGW_REPORT_DIR:-reports/radosgw}
EXPECTED=${RGW_EXPECTED:-config/peers/radosgw.expected.json}
TSX=$ROOT/node_modules/.bin/tsx

log() { echo "peer:radosgw: $*" >&2; }
now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

[[ -x $TSX ]] || { log "error: $TSX missing: run npm ci first"; exit 2; }
[[ -f $EXPECTED ]] || { log "error: $EXPECTED does not exist"; exit 2; }

# The stage must test the radosgw it starts, whatever the caller's environment says.
unset S3_ENDPOINT_HTTP S3_ENDPOINT_HTTPS S3_REGION S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_BUCKET \
  S3_KMS_KEY_ID S3_KMS_KEY_ID_2 S3_USER_AGENT S3_FORCE_PATH_STYLE S3_CA_FILE S3_TLS_INSECURE SSE_PROFILE \
  SSE_AT_REST SSE_AT_REST_TOKEN

T0=$(now_ms)
rm -rf -- "$REPORT_DIR/radosgw-logs" "$REPORT_DIR/stage.json" # from an earlier stage
WORK=$(mktemp -d "/tmp/sse-radosgw.XXXXXX")
RGW_UP=0
T_START=0 T_RUN=0 T_CHECK=0 T_STOP=0

stop_radosgw() {
  [[ $RGW_UP == 1 ]] || return 0
  local t
  t=$(now_ms)
  scripts/peers/radosgw.sh stop "$WORK" >/dev/null || log "warning: radosgw.sh stop failed"
  RGW_UP=0
  T_STOP=$(($(now_ms) - t))
}

on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  stop_radosgw
  if [[ $rc != 0 && -d $WORK/log ]]; then
    mkdir -p -- "$REPORT_DIR/radosgw-logs"
    cp -- "$WORK"/log/*.log "$WORK"/log/*.out "$REPORT_DIR/radosgw-logs/" 2>/dev/null || true
    log "radosgw's logs copied to $REPORT_DIR/radosgw-logs/"
  fi
  if [[ ${RGW_KEEP_DIR:-0} == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf -- "$WORK"
  fi
  local total=$(($(now_ms) - T0))
  log "stage took $(secs "$total") s (radosgw start $(secs "$T_START") s, matrix $(secs "$T_RUN") s, checks $(secs "$T_CHECK") s, stop $(secs "$T_STOP") s): $([[ $rc == 0 ]] && echo OK || echo "FAILED (exit $rc)")"
  mkdir -p -- "$REPORT_DIR"
  printf '{"ok":%s,"exit":%d,"totalMs":%d,"startMs":%d,"runMs":%d,"checkMs":%d,"stopMs":%d}\n' \
    "$([[ $rc == 0 ]] && echo true || echo false)" "$rc" "$total" "$T_START" "$T_RUN" "$T_CHECK" "$T_STOP" >"$REPORT_DIR/stage.json"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. radosgw
t=$(now_ms)
RGW_UP=1 # from here on, stop whatever start may have launched
scripts/peers/radosgw.sh start "$WORK" >/dev/null
T_START=$(($(now_ms) - t))

# 2. the full matrix (exit 1 = non-conformant is what radosgw is expected to get)
t=$(now_ms)
set +e
node bin/sse-conformance.js run --env-file "$WORK/.env" --report-dir "$REPORT_DIR" --expect "$EXPECTED" \
  --at-rest "scripts/peers/radosgw-at-rest.sh $WORK"
HARNESS_RC=$?
set -e
T_RUN=$(($(now_ms) - t))
log "sse-conformance run exited $HARNESS_RC"
case $HARNESS_RC in
  0 | 1 | 2) ;;
  130) log "interrupted"; exit 130 ;; # node handled Ctrl-C itself, so bash's INT trap did not fire
  *) log "error: the harness exited $HARNESS_RC"; exit 1 ;;
esac

# 3. checks, with radosgw still up (leftovers are listed through it)
t=$(now_ms)
set +e
"$TSX" lib/peers/check-run.ts --report-dir "$REPORT_DIR" --env-file "$WORK/.env" --expected "$EXPECTED" \
  --not-before "$T0" --harness-exit "$HARNESS_RC" --require-at-rest
CHECK_RC=$?
set -e
T_CHECK=$(($(now_ms) - t))

# 4. stop (also done by the trap on any earlier exit)
stop_radosgw
exit "$CHECK_RC"
