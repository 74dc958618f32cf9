#!/usr/bin/env bash
# SQL pushdown benchmark (issue 15 item 2): the per-client workload (bench/kpis/bench-clients-by.yaml,
# --by client_id, monthly) run three ways over the same rows, alternated, each run timed:
#   csv        the in-process scan of bench/data/clients-<size>.csv (the anchor: what runs today)
#   pushdown   the rows COPYed into a local PostgreSQL table; PostgreSQL computes the groups
#   streaming  the same table with --no-pushdown: every row crosses the wire into the engine's scan
# Every timed output is checked: the streaming CSV must equal the file scan's byte for byte; the
# pushed-down CSV must have the same rows with every value within 1e-9 relative (sums are exact
# decimal sums in PostgreSQL, compensated double sums in the engine). Rows and bytes transferred come
# from `kpi explain ... --period P --by client_id`, which runs the very same scan query and prints them.
#
# usage: bench/pushdown.sh [DATA_CSV] [REPEATS]
#   DATA_CSV  default bench/data/clients-10m.csv (make it with bench/run.sh or
#             `dotnet run --project bench/KpiEngine.Bench -c Release -- generate --shape per-client --rows 10000000 --out bench/data/clients-10m.csv`)
#   REPEATS   default 3
# Needs PostgreSQL: KPI_TEST_POSTGRES as .ci/postgres.sh exports it, else a throwaway server is
# started with .ci/postgres.sh and stopped at the end. The machine may be shared: its load average is
# printed before and after, with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "${1:-bench/data/clients-10m.csv}")
repeats=${2:-3}
[ -f "$data" ] || { echo "no data file $data" >&2; exit 2; }
out=bench/out/pushdown
mkdir -p "$out"

source .ci/postgres.sh
if [ -z "${KPI_TEST_POSTGRES:-}" ]; then
  kpi_postgres_start
  trap kpi_postgres_stop EXIT
fi
conn=${KPI_TEST_POSTGRES#postgresql:}
host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$conn")
port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$conn")
user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$conn")
database=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$conn")
psql_run() { psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$database" "$@"; }

dotnet build src/KpiEngine.Cli -c Release -v quiet -nologo >&2
kpi=(dotnet src/KpiEngine.Cli/bin/Release/net10.0/kpi.dll)

rows=$(( $(wc -l <"$data") - 1 ))
loaded=$(psql_run -At -c "SELECT count(*) FROM bench_clients" 2>/dev/null || echo 0)
load_start=$(date +%s.%N)
if [ "$loaded" = "$rows" ]; then
  echo "table bench_clients already holds the $rows rows: not loaded again" >&2
  copied="loaded by an earlier run"
else
echo "loading $rows rows of $data into table bench_clients (COPY)" >&2
psql_run <<SQL
DROP TABLE IF EXISTS bench_clients;
CREATE UNLOGGED TABLE bench_clients (
  client_id text, date date, channel text, offer_type text,
  visits integer, bounced_sessions integer, carts integer, orders integer,
  revenue numeric(14,2), cogs numeric(14,2), marketing_spend numeric(14,2),
  new_customers integer, customers_start integer, customers_end integer, returns integer,
  impressions integer, clicks integer, leads integer, qualified_leads integer, deals_won integer);
\copy bench_clients FROM '$data' WITH (FORMAT csv, HEADER true)
ANALYZE bench_clients;
SQL
copied="COPY and ANALYZE in $(echo "$(date +%s.%N) - $load_start" | bc | cut -d. -f1) s"
fi
table_size=$(psql_run -At -c "SELECT pg_size_pretty(pg_total_relation_size('bench_clients'))")

# The committed KPI set, pointed at the data file and at the table.
sed "s#path: ../data/clients-1m.csv#path: $data#" bench/kpis/bench-clients-by.yaml >"$out/csv.yaml"
sed "s#path: ../data/clients-1m.csv#source: { connection: BENCH_DB, table: bench_clients }#" bench/kpis/bench-clients-by.yaml >"$out/database.yaml"
export BENCH_DB="$KPI_TEST_POSTGRES"

timed() { # name, then the command; appends "name wall_s cpu_s peak_mb" to $out/times.txt
  local name=$1; shift
  /usr/bin/time -f "$name %e %U %S %M" -a -o "$out/times.txt" "$@" >/dev/null 2>"$out/$name.stderr" \
    || { echo "$name failed:" >&2; cat "$out/$name.stderr" >&2; exit 1; }
}

: >"$out/times.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$repeats"); do
  timed csv "${kpi[@]}" run "$out/csv.yaml" --by client_id --format csv --allow-folder "$(dirname "$data")" --out "$out/csv-$round.csv"
  timed pushdown "${kpi[@]}" run "$out/database.yaml" --by client_id --format csv --out "$out/pushdown-$round.csv"
  timed streaming "${kpi[@]}" run "$out/database.yaml" --by client_id --format csv --no-pushdown --out "$out/streaming-$round.csv"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# Every output checked against the file scan's.
for round in $(seq 1 "$repeats"); do
  cmp -s "$out/csv-1.csv" "$out/csv-$round.csv" || { echo "csv run $round differs from csv run 1" >&2; exit 1; }
  cmp -s "$out/csv-1.csv" "$out/streaming-$round.csv" || { echo "streaming run $round differs from the csv run" >&2; exit 1; }
  python3 - "$out/csv-1.csv" "$out/pushdown-$round.csv" <<'PY'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1]))); b = list(csv.DictReader(open(sys.argv[2])))
assert len(a) == len(b) > 0, (len(a), len(b))
worst = 0.0
for x, y in zip(a, b):
    for k in x:
        if k == "value" and x[k] and y[k]:
            u, v = float(x[k]), float(y[k])
            rel = abs(u - v) / max(abs(u), abs(v)) if u != v else 0.0
            worst = max(worst, rel)
            assert rel <= 1e-9, (x, y)
        else:
            assert x[k] == y[k], (k, x, y)
print(f"pushdown output {sys.argv[2]}: {len(a)} rows, same keys, reasons, flags and statuses; largest relative difference {worst:.2e}", file=sys.stderr)
PY
done

# Rows and bytes transferred: the same scan, traced (explain runs the query of the run).
transfer() { "${kpi[@]}" explain "$out/database.yaml" revenue --period 2024-06 --by client_id "$@" | sed -n 's/^  data access: //p'; }
pushed_transfer=$(transfer)
streamed_transfer=$(transfer --no-pushdown)

stats() { # name -> "min / median wall s, min cpu s, peak MB"
  awk -v n="$1" '$1 == n { print $2, $3 + $4, $5 }' "$out/times.txt" | sort -n | awk '
    { wall[NR] = $1; if (NR == 1 || $2 < cpu) cpu = $2; if ($3 > rss) rss = $3 }
    END { printf "%.2f / %.2f s | %.2f s | %d MB", wall[1], wall[int((NR + 1) / 2)], cpu, rss / 1024 }'
}

echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -h | awk '/^Mem:/ { print $2 }') RAM, dotnet $(dotnet --version), PostgreSQL $(psql_run -At -c 'SHOW server_version')"
echo "data: $rows rows ($(du -h "$data" | cut -f1) CSV), table $table_size, $copied; $repeats rounds alternated; load average after: $load_after"
echo
echo "| path | wall min / median | CPU (user+sys) min | peak memory | transferred |"
echo "| --- | --- | --- | --- | --- |"
echo "| CSV file scan | $(stats csv) | $(du -b "$data" | cut -f1) bytes read from the file |"
echo "| PostgreSQL pushdown | $(stats pushdown) | ${pushed_transfer#*; } |"
echo "| PostgreSQL streaming (--no-pushdown) | $(stats streaming) | ${streamed_transfer#*; } |"
