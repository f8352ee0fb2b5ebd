#!/usr/bin/env bash
# How fast does a server turn clients away once its limit is full?
#
# Starts `ftpsim serve` (logs on, written to a file; and logs off), vsftpd and
# Pure-FTPd on loopback, each with a limit of one client; `ftpsim-load` fills
# that limit with one held connection and then makes ATTEMPTS connections,
# CONCURRENCY at a time, each of which is refused. A bare blocking loop that
# refuses everyone (examples/bare_refuser.rs) shows the floor.
# The servers take turns, ROUNDS times, and the medians are printed.
#
#   crates/ftpsim-server/bench/refusal_rate.sh
#   ATTEMPTS=20000 CONCURRENCY=1 ROUNDS=5 crates/ftpsim-server/bench/refusal_rate.sh
#
# Needs vsftpd and pure-ftpd (see .ci/run for how they are installed side by
# side) and python3 for the summary. Every server is stopped by PID at exit.
set -euo pipefail
cd "$(dirname "$0")/../../.."

ATTEMPTS=${ATTEMPTS:-20000}
VSFTPD_ATTEMPTS=${VSFTPD_ATTEMPTS:-2000}
CONCURRENCY=${CONCURRENCY:-1}
ROUNDS=${ROUNDS:-3}

cargo build --release -q -p ftpsim-cli -p ftpsim-server --bins --examples
bin=target/release
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
find_server() {
    local var=$1 name=$2
    for candidate in "${!var:-}" "$(command -v "$name" || true)" "/usr/sbin/$name" "/opt/ftpsim-servers/$name/usr/sbin/$name"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return; fi
    done
    echo "refusal_rate.sh: $name not found (set $var)" >&2; exit 1
}
# Listening, as the kernel sees it: a probe connection would take the slot.
wait_listening() {
    local hex
    hex=$(printf ':%04X ' "$1")
    for _ in $(seq 100); do
        if awk '$4 == "0A"' /proc/net/tcp | grep -q "0100007F$hex"; then return; fi
        sleep 0.05
    done
    echo "refusal_rate.sh: nothing listens on port $1" >&2; exit 1
}

declare -A addr pid attempts
start() { # NAME PORT COMMAND...
    local name=$1 port=$2; shift 2
    "$@" >"$work/$name.log" 2>&1 &
    pids+=($!); pid[$name]=$!; addr[$name]="127.0.0.1:$port"
    wait_listening "$port"
}

port=$(free_port); start ftpsim-logs-on "$port" "$bin/ftpsim" serve --listen "127.0.0.1:$port" --preset vsftpd --max-clients 1 --max-per-ip 1
port=$(free_port); start ftpsim-logs-off "$port" "$bin/ftpsim" serve --listen "127.0.0.1:$port" --preset vsftpd --max-clients 1 --max-per-ip 1 --log-level off
port=$(free_port)
cat >"$work/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
max_clients=1
max_per_ip=1
anonymous_enable=YES
local_enable=NO
write_enable=NO
anon_root=/srv/ftp
secure_chroot_dir=/var/run/vsftpd/empty
pam_service_name=vsftpd
ssl_enable=NO
xferlog_enable=NO
CONF
start vsftpd "$port" "$(find_server FTPSIM_VSFTPD vsftpd)" "$work/vsftpd.conf"
port=$(free_port); start pure-ftpd "$port" "$(find_server FTPSIM_PURE_FTPD pure-ftpd)" -S "127.0.0.1,$port" -c 1 -C 1 -H -f none
port=$(free_port); start bare-loop "$port" "$bin/examples/bare_refuser" "127.0.0.1:$port"

names=(ftpsim-logs-on ftpsim-logs-off vsftpd pure-ftpd bare-loop)
for round in $(seq "$ROUNDS"); do
    for name in "${names[@]}"; do
        n=$ATTEMPTS; [ "$name" = vsftpd ] && n=$VSFTPD_ATTEMPTS
        # The bare loop refuses everyone: there is no slot to fill.
        hold=1; [ "$name" = bare-loop ] && hold=0
        echo "round $round: $name" >&2
        "$bin/ftpsim-load" "${addr[$name]}" -n "$n" -c "$CONCURRENCY" --hold "$hold" \
            --server-pid "${pid[$name]}" --json >"$work/$name.$round.json"
        sleep 0.5
    done
done

echo "attempts $ATTEMPTS (vsftpd $VSFTPD_ATTEMPTS), concurrency $CONCURRENCY, rounds $ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work" "${names[@]}" <<'PY'
import json, statistics, sys, glob
work, names = sys.argv[1], sys.argv[2:]
print(f"{'server':<16} {'refusals/s':>11} {'p50 us':>8} {'p99 us':>8} {'CPU us/refusal':>15} {'failures':>9}")
for name in names:
    runs = [json.load(open(p)) for p in sorted(glob.glob(f"{work}/{name}.*.json"))]
    med = lambda f: statistics.median(f(r) for r in runs)
    cpu = [r["server_cpu_us_per_attempt"] for r in runs if r["server_cpu_us_per_attempt"] is not None]
    failures = sum(sum(r["failures"].values()) for r in runs)
    print(f"{name:<16} {med(lambda r: r['refusals_per_sec']):>11.0f} "
          f"{med(lambda r: r['complete_reply']['p50_us']):>8.0f} "
          f"{med(lambda r: r['complete_reply']['p99_us']):>8.0f} "
          f"{statistics.median(cpu) if cpu else float('nan'):>15.1f} {failures:>9}")
PY
