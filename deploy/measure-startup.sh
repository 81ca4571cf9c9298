#!/usr/bin/env bash
# Measures how fast the packaged service gets ready, side by side with a bare Quarkus application
# of the same extensions (deploy/startup/bare-app: one Panache entity, one Flyway migration, one
# endpoint, web3j and picocli on the class path), in one run, and prints a markdown table with the
# ratios. Modes, each for both applications:
#   - Java 17 (the fast-jar as built)
#   - Java 17 + AppCDS (the archive Quarkus makes with -Pappcds)
#   - Java 25 + AOT cache made by Quarkus's build-time training (start to static init, exit) — what
#     deploy/Dockerfile.jvm-aot does at image build
#   - Java 25 + AOT cache made by a training run (started against the database, ready, a few
#     requests, stopped)
# and the service's worker role on Java 17.
# For each: time from the process launch until /q/health/live and /q/health/ready answer 200,
# and Quarkus's own "started in" figure; the median of RUNS runs (after one warm-up run per mode;
# modes take turns, so a change in the machine's load hits them alike).
#
# The service is the production artifact (-Dproduction: no devnet, no embedded database), against
# an external PostgreSQL and two stub JSON-RPC nodes (chain ids 900 and 901) that
# deploy/startup/StartupSupport.java starts; the bare application against the same PostgreSQL.
#
# Usage: deploy/measure-startup.sh [-n RUNS] [--no-build] [--update-readme]
#   -n RUNS          measured runs per mode (default 5)
#   --no-build       reuse target/quarkus-app and deploy/startup/bare-app/target/quarkus-app (both
#                    built with -Pappcds on Java 17, the service with -Dproduction)
#   --update-readme  also write the table into README.md between the lines
#                    <!-- startup-figures:begin --> and <!-- startup-figures:end -->
# Environment: JAVA17 (default: java on PATH), JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64).
# Every process it starts is stopped by its PID on exit.
set -euo pipefail

RUNS=5
BUILD=1
UPDATE_README=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --update-readme) UPDATE_README=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
ROOT=$(pwd)
APP="$ROOT/target/quarkus-app"
WORK="$ROOT/target/startup"
JAVA17=${JAVA17:-java}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA25="$JAVA25_HOME/bin/java"
mkdir -p "$WORK"

"$JAVA17" -version 2>&1 | grep -q 'version "17' || { echo "JAVA17 ($JAVA17) is not Java 17" >&2; exit 1; }
[ -x "$JAVA25" ] || { echo "no Java 25 at $JAVA25 (set JAVA25_HOME)" >&2; exit 1; }

log() { echo "[measure-startup] $*" >&2; }

# ---- build (Java 17: the AppCDS archives must come from the JVM that uses them)
BARE_DIR="$ROOT/deploy/startup/bare-app"
BARE="$BARE_DIR/target/quarkus-app"
JAVA17_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA17")")")")
if [ "$BUILD" = 1 ]; then
  skip=""
  if [ -d target/generated-sources/web3j ] && [ -d target/contracts ]; then
    skip="-Dexec.skip=true" # npm ci, contracts and codegen were done by an earlier build
  fi
  # an earlier build's classes would carry the dev machinery (its service files) into the artifact
  rm -rf target/classes
  log "building: ./mvnw -B -q -Dproduction -Dmaven.test.skip=true package -Pappcds $skip"
  JAVA_HOME="$JAVA17_HOME" ./mvnw -B -q -Dproduction -Dmaven.test.skip=true package -Pappcds $skip
  log "building: ./mvnw -B -q -f deploy/startup/bare-app/pom.xml -DskipTests package -Pappcds"
  JAVA_HOME="$JAVA17_HOME" ./mvnw -B -q -f deploy/startup/bare-app/pom.xml -DskipTests package -Pappcds
fi
for dir in "$APP" "$BARE"; do
  [ -f "$dir/quarkus-run.jar" ] || { echo "$dir/quarkus-run.jar is missing" >&2; exit 1; }
  [ -f "$dir/app-cds.jsa" ] || { echo "$dir/app-cds.jsa is missing: build with -Pappcds" >&2; exit 1; }
done
if [ -d "$APP/lib/main" ] && ls "$APP/lib/main" | grep -q embedded-postgres; then
  echo "$APP is not the production artifact (it carries the embedded PostgreSQL): build with -Dproduction" >&2
  exit 1
fi
# PostgreSQL for the measurement comes from the dev machinery's libraries (not in the production artifact)
JAVA_HOME="$JAVA17_HOME" ./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$WORK/support.classpath" > "$WORK/classpath.log" 2>&1 \
  || JAVA_HOME="$JAVA17_HOME" ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime \
       -Dmdep.outputFile="$WORK/support.classpath" > "$WORK/classpath.log" 2>&1 \
  || { cat "$WORK/classpath.log" >&2; exit 1; }

# ---- processes we start, stopped by PID on exit
SUPPORT_PID=""
APP_PID=""
cleanup() {
  # run_once runs in a subshell: its service's PID is in app.pid
  for pid in $APP_PID $(cat "$WORK/app.pid" 2>/dev/null) $SUPPORT_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT INT TERM

# ---- PostgreSQL and the stub nodes
rm -f "$WORK/ports"
"$JAVA17" -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -cp "$(cat "$WORK/support.classpath")" \
  "$ROOT/deploy/startup/StartupSupport.java" "$WORK/ports" > "$WORK/support.log" 2>&1 &
SUPPORT_PID=$!
for _ in $(seq 1 600); do [ -f "$WORK/ports" ] && break; sleep 0.1; done
[ -f "$WORK/ports" ] || { cat "$WORK/support.log" >&2; echo "PostgreSQL / stub nodes did not start" >&2; exit 1; }
# shellcheck disable=SC1091
. "$WORK/ports"
PORT=$(( 20000 + RANDOM % 20000 ))
log "PostgreSQL on $PG_PORT, stub L1 on $L1_PORT, stub L2 on $L2_PORT; service on $PORT"

export QUARKUS_HTTP_PORT=$PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
  OPWB_CHAIN_L1_RPC_URL="http://127.0.0.1:$L1_PORT" OPWB_CHAIN_L1_CHAIN_ID=900 \
  OPWB_CHAIN_L2_RPC_URL="http://127.0.0.1:$L2_PORT" OPWB_CHAIN_L2_CHAIN_ID=901 \
  OPWB_CHAIN_PORTAL_ADDRESS=0x0000000000000000000000000000000000000001 \
  OPWB_CHAIN_BATCHER_ADDRESS=0x0000000000000000000000000000000000000002
# the worker's key (anvil's well-known first test key: a stub chain, no value)
WORKER_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

# ---- helpers
now_us() { echo "${EPOCHREALTIME/./}"; }

# 0 when GET $1 answers 200 (bash's /dev/tcp: no process per poll)
http_ok() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3
  IFS= read -r -t 5 line <&3 || line=""
  exec 3<&- 3>&-
  [[ $line == *" 200"* ]]
}

# stop_app [seconds]: SIGTERM, then SIGKILL after the grace time (default 60 s)
stop_app() {
  [ -n "$APP_PID" ] || return 0
  kill -TERM "$APP_PID" 2>/dev/null || true
  for _ in $(seq 1 $(( ${1:-60} * 10 ))); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  rm -f "$WORK/app.pid"
}

# start "log file" app-dir role java args... : launches an application from its directory (as
# CDS/AOT require); role "-" for the bare application
start_app() {
  local out=$1 dir=$2 role=$3; shift 3
  if [ "$role" = "-" ]; then
    (cd "$dir" && exec "$@" -jar quarkus-run.jar) > "$out" 2>&1 &
  elif [ "$role" = worker ]; then
    (cd "$dir" && OPWB_ROLE=worker OPWB_SUBMISSION_PRIVATE_KEY=$WORKER_KEY exec "$@" -jar quarkus-run.jar) > "$out" 2>&1 &
  else
    (cd "$dir" && OPWB_ROLE=api OPWB_PIPELINE_ENABLED=false exec "$@" -jar quarkus-run.jar) > "$out" 2>&1 &
  fi
  APP_PID=$!
  echo "$APP_PID" > "$WORK/app.pid"
}

# run_once "log file" app-dir role java args... -> prints "live_ms ready_ms started_s"
run_once() {
  local out=$1
  local t0 now live="" ready=""
  t0=$(now_us)
  start_app "$@"
  while :; do
    if [ -z "$live" ] && http_ok /q/health/live; then live=$(( ($(now_us) - t0) / 1000 )); fi
    if [ -n "$live" ] && http_ok /q/health/ready; then ready=$(( ($(now_us) - t0) / 1000 )); break; fi
    now=$(now_us)
    if ! kill -0 "$APP_PID" 2>/dev/null || [ $(( now - t0 )) -gt 300000000 ]; then
      echo "the application did not get ready (see $out):" >&2; tail -20 "$out" >&2; stop_app; return 1
    fi
    sleep 0.01
  done
  local started
  started=$(grep -o 'started in [0-9.]*s' "$out" | head -1 | grep -o '[0-9.]*[0-9]' || echo "?")
  stop_app
  echo "$live $ready $started"
}

# ---- the schema, migrated once as a worker (or a one-off migration job) would: the api role only validates it
log "migrating the schema: the service with QUARKUS_FLYWAY_MIGRATE_AT_START=true until ready"
QUARKUS_FLYWAY_MIGRATE_AT_START=true start_app "$WORK/migration.log" "$APP" api "$JAVA17"
for _ in $(seq 1 3000); do http_ok /q/health/ready && break; kill -0 "$APP_PID" || break; sleep 0.1; done
stop_app
grep -q "Successfully applied\|Schema .* is up to date" "$WORK/migration.log" \
  || { tail -20 "$WORK/migration.log" >&2; echo "the schema was not migrated" >&2; exit 1; }

# ---- the AOT caches (Java 25): one as deploy/Dockerfile.jvm-aot makes its own (build-time training:
# start to static init, exit), one from a training run (started against the database, ready, a few
# requests, SIGTERM: the JVM writes the cache as it exits) — what an image build can do with a database
for which in service bare; do
  dir=$APP; role=api; [ "$which" = bare ] && dir=$BARE && role=-
  rm -f "$WORK/$which.aot" "$WORK/$which-run.aot"
  log "AOT cache of the $which (build-time training): $JAVA25 -XX:AOTCacheOutput=$WORK/$which.aot -Dquarkus.appcds.generate=true -jar quarkus-run.jar"
  (cd "$dir" && "$JAVA25" -XX:AOTCacheOutput="$WORK/$which.aot" -Dquarkus.appcds.generate=true -jar quarkus-run.jar) \
    > "$WORK/aot-$which-training.log" 2>&1 || true
  [ -f "$WORK/$which.aot" ] || { tail -20 "$WORK/aot-$which-training.log" >&2; echo "no $WORK/$which.aot" >&2; exit 1; }
  log "AOT cache of the $which (training run): $JAVA25 -XX:AOTCacheOutput=$WORK/$which-run.aot -jar quarkus-run.jar; ready; a few GETs; SIGTERM"
  start_app "$WORK/aot-$which-training-run.log" "$dir" "$role" "$JAVA25" -XX:AOTCacheOutput="$WORK/$which-run.aot"
  for _ in $(seq 1 3000); do http_ok /q/health/ready && break; kill -0 "$APP_PID" || break; sleep 0.1; done
  for path in /q/health/live /q/health/ready /q/metrics /api/withdrawals /api/batches /api/chains /items/1; do
    for _ in 1 2 3; do http_ok "$path" || true; done
  done
  stop_app 600
  [ -f "$WORK/$which-run.aot" ] || { tail -20 "$WORK/aot-$which-training-run.log" >&2; echo "no $WORK/$which-run.aot" >&2; exit 1; }
done

# ---- the modes: label | app | role | java command (run in the app's directory). Pairs: service, bare.
MODES=(
  "Java 17|$APP|api|$JAVA17"
  "Java 17|$BARE|-|$JAVA17"
  "Java 17 + AppCDS|$APP|api|$JAVA17 -XX:SharedArchiveFile=app-cds.jsa -Xshare:on"
  "Java 17 + AppCDS|$BARE|-|$JAVA17 -XX:SharedArchiveFile=app-cds.jsa -Xshare:on"
  "Java 25 + AOT cache (build-time training)|$APP|api|$JAVA25 -XX:AOTCache=$WORK/service.aot -XX:AOTMode=on"
  "Java 25 + AOT cache (build-time training)|$BARE|-|$JAVA25 -XX:AOTCache=$WORK/bare.aot -XX:AOTMode=on"
  "Java 25 + AOT cache (training run)|$APP|api|$JAVA25 -XX:AOTCache=$WORK/service-run.aot -XX:AOTMode=on"
  "Java 25 + AOT cache (training run)|$BARE|-|$JAVA25 -XX:AOTCache=$WORK/bare-run.aot -XX:AOTMode=on"
  "Java 17, role worker|$APP|worker|$JAVA17"
)

declare -A LIVE READY STARTED
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 0 "$RUNS"); do
  for i in "${!MODES[@]}"; do
    IFS='|' read -r label dir role cmd <<< "${MODES[$i]}"
    what="service ($role)"; [ "$role" = "-" ] && what="bare app"
    # shellcheck disable=SC2086
    result=$(run_once "$WORK/run-$i-$round.log" "$dir" "$role" $cmd)
    if [ "$round" = 0 ]; then
      log "warm-up  $label, $what: live/ready ms, started s = $result"
      continue
    fi
    log "run $round/$RUNS $label, $what: live/ready ms, started s = $result"
    read -r l r st <<< "$result"
    LIVE[$i]="${LIVE[$i]:-} $l"; READY[$i]="${READY[$i]:-} $r"; STARTED[$i]="${STARTED[$i]:-} $st"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{min=$1} {max=$1} END {print min "–" max}'; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.2f s", ms/1000}'; }

TABLE="$WORK/startup.md"
{
  echo "| mode | application | time to live | time to ready (min–max, ms) | ready: service / bare | Quarkus \"started in\" | command (in the application's \`target/quarkus-app\`) |"
  echo "|---|---|---|---|---|---|---|"
  for i in "${!MODES[@]}"; do
    IFS='|' read -r label dir role cmd <<< "${MODES[$i]}"
    what="service, role $role"; [ "$role" = "-" ] && what="bare application"
    ratio=""
    if [ "$role" = api ] && [ "$i" -lt $(( ${#MODES[@]} - 1 )) ]; then
      ratio=$(awk -v a="$(echo "${READY[$i]}" | median)" -v b="$(echo "${READY[$((i + 1))]}" | median)" \
        'BEGIN {printf "**%.2f ×**", a/b}')
    fi
    cmd=${cmd//$WORK\//..\/startup\/}
    cmd=${cmd/#$JAVA25/java25}
    cmd=${cmd/#$JAVA17/java}
    echo "| $label | $what | $(secs "$(echo "${LIVE[$i]}" | median)") | $(secs "$(echo "${READY[$i]}" | median)") ($(echo "${READY[$i]}" | range)) | $ratio | $(echo "${STARTED[$i]}" | median) s | \`$cmd -jar quarkus-run.jar\` |"
  done
  echo
  echo "Medians of $RUNS runs per mode after one warm-up run, $(nproc) cores, load average $load_before before and $load_after after;"
  echo "$("$JAVA17" -version 2>&1 | head -1 | sed 's/"//g'), $("$JAVA25" -version 2>&1 | head -1 | sed 's/"//g'). The service is the"
  echo "production artifact (\`-Dproduction\`), role api unless said; the bare application is \`deploy/startup/bare-app\`;"
  echo "both against the same external PostgreSQL, the service also against stub chain nodes. Made by"
  echo "\`deploy/measure-startup.sh -n $RUNS\` on $(date -u +%Y-%m-%d). \`java25\` is $JAVA25. AOT caches: build-time training as"
  echo "\`deploy/Dockerfile.jvm-aot\` makes it (\`java25 -XX:AOTCacheOutput=… -Dquarkus.appcds.generate=true -jar quarkus-run.jar\`);"
  echo "training run: \`java25 -XX:AOTCacheOutput=… -jar quarkus-run.jar\` against the database until ready, a few GETs, SIGTERM."
} > "$TABLE"
cat "$TABLE"

if [ "$UPDATE_README" = 1 ]; then
  if grep -q '<!-- startup-figures:begin -->' README.md && grep -q '<!-- startup-figures:end -->' README.md; then
    awk -v table="$TABLE" '
      /<!-- startup-figures:begin -->/ {print; while ((getline line < table) > 0) print line; skip=1; next}
      /<!-- startup-figures:end -->/ {skip=0}
      !skip {print}' README.md > "$WORK/README.md.new"
    mv "$WORK/README.md.new" README.md
    log "README.md updated"
  else
    log "README.md has no <!-- startup-figures:begin/end --> markers: not updated"
  fi
fi
