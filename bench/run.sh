#!/usr/bin/env bash
# Measures leakvet against the SSA floor, staticcheck and go vet, side by side in one run.
#
#   bench/run.sh [-n RUNS] [-m MODULE@VERSION]... [-b REV] [--no-std] [--no-standalone] [--no-vet] [-o OUTDIR]
#
# Targets: the standard library (pattern std) and each module (pattern ./... in a fresh copy).
# Tools, each timed RUNS times (median reported; wall s, CPU s = user+sys, peak RSS MB):
#   standalone: ssafloor (buildssa only, in process), ssafloor-facts (the same with a fact type declared,
#               which makes the checker build SSA for the whole import closure, as any suite with facts
#               must), leakvet as a user runs it (`leakvet PATTERN`: the
#               streaming driver, with a fresh cache every run; "leakvet-cached" repeats it with
#               nothing changed; "leakvet-fixdiff" is `leakvet -fix -diff PATTERN`, fresh cache),
#               staticcheck (v0.8.2, fresh cache every run)
#   vet:        go vet -vettool= ssafloor / ssafloor-facts / leakvet, and go vet itself; every timed run
#               gets a fresh tool ID, so analysis is redone; "leakvet-vet-cached" repeats a run with
#               nothing changed.
# The go command's compile cache is warmed first (untimed: the packages' export data, as after
# `go build`, and go vet's own prerequisites), so that no tool's row includes compiling.
# -b REV also builds leakvet at git revision REV and times it beside the current tree ("before-*" rows),
# so a change is measured before and after in one run.
# Needs go, python3, /usr/bin/time; installs staticcheck@v0.8.2 into OUTDIR if not on PATH.
# Run from the project root.
set -uo pipefail
runs=3; mods=(); std=1; standalone=1; vet=1; out=""; base=""
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -m) mods+=("$2"); shift 2 ;;
    -o) out=$2; shift 2 ;;
    -b) base=$2; shift 2 ;;
    --no-std) std=0; shift ;;
    --no-standalone) standalone=0; shift ;;
    --no-vet) vet=0; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument $1"; exit 2 ;;
  esac
done
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/leakvet-bench.XXXXXX")
[ -n "$out" ] || out=$work
mkdir -p "$out/bin"
go build -o "$out/bin/leakvet" ./cmd/leakvet || exit 1
go build -o "$out/bin/ssafloor" ./bench/ssafloor || exit 1
# facts FLOOR: the floor binary with a fact type declared (see bench/ssafloor).
printf '#!/bin/sh\nSSAFLOOR_FACTS=1 exec "%s" "$@"\n' "$out/bin/ssafloor" >"$out/bin/ssafloor-facts"; chmod +x "$out/bin/ssafloor-facts"
# the floors of the streaming driver (leakvet's default route)
printf '#!/bin/sh\nSSAFLOOR_STREAM=1 exec "%s" "$@"\n' "$out/bin/ssafloor" >"$out/bin/ssafloor-stream"; chmod +x "$out/bin/ssafloor-stream"
printf '#!/bin/sh\nSSAFLOOR_STREAM=1 SSAFLOOR_FACTS=1 exec "%s" "$@"\n' "$out/bin/ssafloor" >"$out/bin/ssafloor-stream-facts"; chmod +x "$out/bin/ssafloor-stream-facts"
if [ -n "$base" ]; then
  rm -rf "$work/base"; git worktree add --detach "$work/base" "$base" >/dev/null 2>&1 || { echo "cannot check out $base"; exit 1; }
  ( cd "$work/base" && go build -o "$out/bin/leakvet-before" ./cmd/leakvet ) || exit 1
  git worktree remove --force "$work/base"
fi
if command -v staticcheck >/dev/null; then sc=$(command -v staticcheck); else
  GOBIN="$out/bin" go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 || exit 1; sc="$out/bin/staticcheck"; fi
govet="$(go env GOTOOLDIR)/vet"

# nonced TOOL NONCE: a wrapper that answers -V=full with a fresh build ID, so that
# the go command does not replay cached vet results from an earlier run.
nonced() {
  local tool=$1 nonce=$2 w="$out/bin/$(basename "$1")-$2"
  cat >"$w" <<SH
#!/bin/sh
if [ "\$1" = "-V=full" ]; then echo "$(basename "$tool") version devel buildID=$(basename "$tool")-$nonce"; exit 0; fi
exec "$tool" "\$@"
SH
  chmod +x "$w"; echo "$w"
}

results="$out/results.tsv"; : >"$results"
measure() { # target label dir cmd...
  local target=$1 label=$2 dir=$3; shift 3
  local tf="$out/time.$$"
  ( cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >/dev/null 2>"$out/last.err" )
  local rc=$?
  if grep -q "panic:" "$out/last.err"; then echo "PANIC in $label on $target"; cp "$out/last.err" "$out/$target.$label.panic"; fi
  read -r wall user sys rss < <(tail -n 1 "$tf")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$label" "$wall" "$(python3 -c "print($user+$sys)")" "$((rss/1024))" "$rc" >>"$results"
}

bench_target() { # target dir pattern
  local target=$1 dir=$2 pattern=$3 i
  echo "== $target" >&2
  # warm the compile cache (untimed)
  ( cd "$dir" && go list -e -deps -export $pattern >/dev/null 2>&1 )
  ( cd "$dir" && go vet -vettool="$(nonced "$out/bin/ssafloor" warm$RANDOM)" $pattern >/dev/null 2>&1 )
  for i in $(seq "$runs"); do
    if [ $standalone -eq 1 ]; then
      measure "$target" ssafloor "$dir" "$out/bin/ssafloor" $pattern
      measure "$target" ssafloor-facts "$dir" "$out/bin/ssafloor-facts" $pattern
      measure "$target" ssafloor-stream "$dir" "$out/bin/ssafloor-stream" $pattern
      measure "$target" ssafloor-stream-facts "$dir" "$out/bin/ssafloor-stream-facts" $pattern
      # as a user runs it: the streaming driver, cold cache, then replayed
      rm -rf "$out/lvcache"
      measure "$target" leakvet "$dir" env LEAKVET_CACHE="$out/lvcache" "$out/bin/leakvet" -json $pattern
      measure "$target" leakvet-cached "$dir" env LEAKVET_CACHE="$out/lvcache" "$out/bin/leakvet" -json $pattern
      # -fix -diff: the same run, then the fixes merged and shown (nothing written)
      rm -rf "$out/lvcache"
      measure "$target" leakvet-fixdiff "$dir" env LEAKVET_CACHE="$out/lvcache" "$out/bin/leakvet" -fix -diff $pattern
      # before: what a user ran at -b REV (through go vet until the streaming driver), fresh tool ID
      [ -n "$base" ] && measure "$target" before "$dir" go vet -vettool="$(nonced "$out/bin/leakvet-before" "user$i$RANDOM")" $pattern
      rm -rf "$out/sccache"; mkdir -p "$out/sccache"
      measure "$target" staticcheck "$dir" env STATICCHECK_CACHE="$out/sccache" "$sc" $pattern
    fi
    if [ $vet -eq 1 ]; then
      local n=$target$i$RANDOM
      measure "$target" ssafloor-vet "$dir" go vet -vettool="$(nonced "$out/bin/ssafloor" "$n")" $pattern
      measure "$target" ssafloor-facts-vet "$dir" go vet -vettool="$(nonced "$out/bin/ssafloor-facts" "$n")" $pattern
      local lv; lv=$(nonced "$out/bin/leakvet" "$n")
      measure "$target" leakvet-vet "$dir" go vet -vettool="$lv" $pattern
      measure "$target" leakvet-vet-cached "$dir" go vet -vettool="$lv" $pattern
      [ -n "$base" ] && measure "$target" before-vet "$dir" go vet -vettool="$(nonced "$out/bin/leakvet-before" "$n")" $pattern
      measure "$target" go-vet "$dir" go vet -vettool="$(nonced "$govet" "$n")" $pattern
    fi
  done
}

[ $std -eq 1 ] && bench_target std "$(go env GOROOT)/src" std
for m in "${mods[@]}"; do
  name=$(echo "${m%@*}" | tr '/' '_')
  src=$(GOFLAGS=-mod=mod go mod download -json "$m" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("Dir",""))')
  [ -n "$src" ] || { echo "cannot download $m"; continue; }
  rm -rf "$work/src/$name"; mkdir -p "$work/src"; cp -r "$src" "$work/src/$name"; chmod -R u+w "$work/src/$name"
  ( cd "$work/src/$name" && go mod download >/dev/null 2>&1 )
  bench_target "$name" "$work/src/$name" ./...
done

python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    t, label, wall, cpu, rss, rc = line.split('\t')
    rows[(t, label)].append((float(wall), float(cpu), int(rss)))
med = {k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in rows.items()}
targets = list(dict.fromkeys(t for t, _ in rows))
print(f"{'target':32s} {'tool':20s} {'wall_s':>8s} {'cpu_s':>8s} {'rss_mb':>8s}")
for t in targets:
    for (tt, label), (w, c, r) in med.items():
        if tt == t:
            print(f"{t:32s} {label:20s} {w:8.1f} {c:8.1f} {r:8.0f}")
print()
pairs = [("leakvet", "staticcheck"), ("leakvet-fixdiff", "leakvet"),
         ("leakvet", "ssafloor-stream"), ("leakvet", "ssafloor-stream-facts"), ("leakvet", "leakvet-vet"), ("leakvet", "go-vet"),
         ("leakvet-vet", "ssafloor-vet"), ("leakvet-vet", "ssafloor-facts-vet"), ("leakvet-vet", "go-vet"),
         ("before", "staticcheck"), ("before-vet", "ssafloor-vet"), ("before-vet", "go-vet"),
         ("leakvet", "before"), ("leakvet-vet", "before-vet")]
print(f"{'target':32s} {'ratio':38s} {'wall':>6s} {'cpu':>6s} {'rss':>6s}")
for t in targets:
    for a, b in pairs:
        if (t, a) in med and (t, b) in med:
            x, y = med[(t, a)], med[(t, b)]
            print(f"{t:32s} {a+' / '+b:38s} " + " ".join(f"{x[i]/y[i]:6.2f}" if y[i] else "   n/a" for i in range(3)))
PY
echo "raw: $results"
