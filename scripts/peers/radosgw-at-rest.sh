#!/usr/bin/env bash
# At-rest probe for the radosgw that scripts/peers/radosgw.sh started in DIR (run --at-rest):
#
#   scripts/peers/radosgw-at-rest.sh DIR BUCKET KEY
#
# Prints the raw bytes radosgw stored in RADOS for the object (exit 0), exit 3 when it stored none,
# anything else on failure. radosgw keeps an object's data in the pool default.rgw.buckets.data as
# `<bucket marker>_<key>` (the head: the data of a small object, the manifest) and, for a completed
# multipart upload, `<marker>__multipart_<key>.<upload id>.<part>` plus any
# `<marker>__shadow_<key>.<upload id>.<part>_<stripe>` (found by listing the pool); all are printed,
# head first, parts in order. BUCKET and KEY arrive as arguments and are only ever compared or passed
# as arguments, never evaluated.
set -uo pipefail
[[ $# == 3 ]] || { echo "usage: $0 DIR BUCKET KEY" >&2; exit 2; }
DIR=$1 BUCKET=$2 KEY=$3
CONF=$DIR/ceph.conf
POOL=default.rgw.buckets.data
[[ -f $CONF ]] || { echo "radosgw-at-rest: no $CONF" >&2; exit 2; }
[[ $BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || { echo "radosgw-at-rest: not a bucket name" >&2; exit 2; }
# Keys starting with '_' are escaped in oids; the harness's keys never do.
[[ $KEY != _* && -n $KEY ]] || { echo "radosgw-at-rest: unsupported key" >&2; exit 2; }

RADOS() { timeout 20 rados -c "$CONF" -p "$POOL" "$@"; }

# The bucket's marker prefixes every oid of its data: asked once per bucket (radosgw-admin is slow), kept in DIR/run.
cache=$DIR/run/at-rest-marker.$BUCKET
if [[ -s $cache ]]; then
  marker=$(<"$cache")
else
  marker=$(timeout 30 radosgw-admin -c "$CONF" bucket stats --bucket "$BUCKET" 2>/dev/null | sed -n 's/^ *"marker": "\(.*\)",$/\1/p' | head -n1)
  [[ -n $marker ]] || { echo "radosgw-at-rest: no marker for bucket $BUCKET" >&2; exit 1; }
  printf '%s' "$marker" >"$cache.$$" && mv -f -- "$cache.$$" "$cache"
fi

out=$(mktemp) || exit 1
trap 'rm -f -- "$out" "$out.part"' EXIT
found=0
head_oid="${marker}_${KEY}"
if RADOS stat "$head_oid" >/dev/null 2>&1; then
  RADOS get "$head_oid" "$out.part" || { echo "radosgw-at-rest: cannot read the head object" >&2; exit 1; }
  cat -- "$out.part" >>"$out"
  found=1
fi
# Tail objects of this key: multipart parts and shadow stripes, by exact prefix (no pattern built from the key).
listing=$(RADOS ls) || { echo "radosgw-at-rest: cannot list $POOL" >&2; exit 1; }
mp="${marker}__multipart_${KEY}."
sh="${marker}__shadow_${KEY}."
while IFS= read -r oid; do
  [[ -n $oid ]] || continue
  RADOS get "$oid" "$out.part" || { echo "radosgw-at-rest: cannot read a tail object" >&2; exit 1; }
  cat -- "$out.part" >>"$out"
  found=1
done < <(printf '%s\n' "$listing" | A=$mp B=$sh awk 'index($0, ENVIRON["A"]) == 1 || index($0, ENVIRON["B"]) == 1' | sort -V)
[[ $found == 1 ]] || exit 3
cat -- "$out"
