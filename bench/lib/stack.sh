# Shell shared by the benches that start servers on loopback (bench/chaos-soak/run, bench/broker-load/run): building
# the jars, starting and stopping processes, waiting until they answer, heap after GC. Sourced, not run.
#
# The sourcing script sets first:
#   root   the repository
#   work   its work directory; start() writes each process's output to $work/logs/<name>.log
#   say    a function printing a line of progress on stderr, prefixed with the bench's name
# Sourcing it arranges that everything start() started is stopped on any exit (stop_all).
# shellcheck shell=bash

# ------------------------------------------------------------------ build

jar_of() { ls "$root/$1/target/vidgate-$1-"*-exec.jar 2>/dev/null | head -n 1; }

# Missing, or older than a source or pom of the app or of the libraries it uses (as bin/vidgate-dev decides).
needs_build() {
  local app jar
  for app in gateway media-broker kurento-emulator; do
    jar=$(jar_of "$app")
    [ -n "$jar" ] || return 0
    if [ -n "$(find "$root/pom.xml" "$root/$app" "$root/protocol" "$root/turn-credentials" "$root/boot-support" \
        -newer "$jar" \( -path '*/src/main/*' -o -name pom.xml \) -type f -print -quit 2>/dev/null)" ]; then
      return 0
    fi
  done
  return 1
}

build_apps() { # the exec jars of gateway, media-broker and kurento-emulator, when missing or stale
  if needs_build; then
    say "building the apps (mvn -B -q -DskipTests package -pl gateway,media-broker,kurento-emulator -am)…"
    (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package -pl gateway,media-broker,kurento-emulator -am)
  fi
}

# The signaling clients (bench/clients, outside the root build), when missing or older than their sources.
client_jar=$root/bench/clients/target/bench-clients.jar
build_bench_clients() {
  if [ ! -f "$client_jar" ] || [ -n "$(find "$root/bench/clients/pom.xml" "$root/bench/clients/src" -newer "$client_jar" -type f -print -quit)" ]; then
    say "building the signaling clients (bench/clients)…"
    (cd "$root/bench/clients" && mvn -B -q -Dstyle.color=never package)
  fi
}

# ------------------------------------------------------------------ processes

pids=()
names=()

# TERM to everything started, KILL to what is left after 20 s; then nothing is recorded as started.
stop_started() {
  local alive pid
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping ${names[*]}…"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 200); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ $alive = 0 ] && break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  pids=()
  names=()
}
stop_all() {
  trap - INT TERM EXIT
  stop_started
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

port_free() { # nothing accepts on 127.0.0.1:<port>
  if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then exec 3<&- 3>&-; return 1; fi
}
ports_free() { # port…: or the script ends
  local port
  for port in "$@"; do
    port_free "$port" || { say "port $port is in use (set BENCH_PORT_BASE)"; exit 1; }
  done
}

start() { # name, command… (appends to the name's log: a process may be started more than once)
  local name=$1
  shift
  "$@" >>"$work/logs/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
  say "started $name (pid $!, log $work/logs/$name.log)"
}

http_ok() { # port, path[, user:password for HTTP Basic]: GET answers 200
  local status
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  if [ -n "${3:-}" ]; then
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Basic %s\r\n\r\n' "$2" "$(printf %s "$3" | base64 -w 0)" >&3
  else
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  fi
  read -r -t 5 _ status _ <&3 || status=
  exec 3<&- 3>&-
  [ "$status" = 200 ]
}

wait_healthy() { # name, port, path[, user:password]: or, if a started process exits or 90 s pass, the script ends
  for _ in $(seq 1 900); do
    if http_ok "$2" "$3" "${4:-}"; then return 0; fi
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        say "${names[$i]} exited during startup; its log:"
        tail -n 30 "$work/logs/${names[$i]}.log" >&2
        exit 1
      fi
    done
    sleep 0.1
  done
  say "$1 did not become healthy in 90 s (see $work/logs/$1.log)"
  exit 1
}

heap_used_mb() { # pid: heap used after a full GC, in MB (G1: one "heap total … used" line)
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/heap +total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub(/K,?$/, "", v); printf "%.1f", v / 1024 } }'
}
