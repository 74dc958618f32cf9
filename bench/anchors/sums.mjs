// The benchmark's sums computed by DuckDB or Polars, as outside anchors for bench/run.sh.
//
//   node sums.mjs duckdb|polars FILE per-month|per-client OUT.csv [--threads N]
//
// Reads the generated export FILE with the column types declared (no sniffing), sums the sixteen
// measures per month (per-month) or per client_id and month (per-client), and writes one line per
// group in the reference's sums format (`[client_id,]month,visits,...`), checked by
// `KpiEngine.Bench compare-sums` against `KpiEngine.Bench reference --sums-out`. Money columns are
// read as doubles and summed without compensation, so they may differ from the reference in the last
// digits (the harness allows 1e-9 relative); whole-number columns are read and summed as integers.
// Prints one line `query_s=<seconds>`: the time of the query including reading the CSV, not the time
// to start Node, load the library or write the output (24,000 lines at most).
import { writeFileSync, renameSync } from "node:fs";
import { performance } from "node:perf_hooks";

const measures = [
  "visits", "bounced_sessions", "carts", "orders", "revenue", "cogs", "marketing_spend", "new_customers",
  "customers_start", "customers_end", "returns", "impressions", "clicks", "leads", "qualified_leads", "deals_won",
];
const money = new Set(["revenue", "cogs", "marketing_spend"]);

const [engine, file, shape, out, ...rest] = process.argv.slice(2);
const threadsAt = rest.indexOf("--threads");
const threads = threadsAt >= 0 ? Number(rest[threadsAt + 1]) : 2;
if (!["duckdb", "polars"].includes(engine) || !file || !["per-month", "per-client"].includes(shape) || !out
    || !Number.isInteger(threads) || threads < 1) {
  console.error("usage: node sums.mjs duckdb|polars FILE per-month|per-client OUT.csv [--threads N]");
  process.exit(2);
}

const perClient = shape === "per-client";
const keys = perClient ? ["client_id", "month"] : ["month"];
const textColumns = [perClient ? "client_id" : "client", "date", "channel", "offer_type"];

/** Writes the groups (arrays of cells in key + measure order) atomically. */
function writeSums(rows) {
  const lines = [[...keys, ...measures].join(",")];
  for (const row of rows) {
    lines.push(row.map(String).join(","));
  }
  writeFileSync(out + ".tmp", lines.join("\n") + "\n");
  renameSync(out + ".tmp", out);
}

async function runDuckDb() {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const connection = await instance.connect();
  const types = [
    ...textColumns.map(c => `'${c}': '${c === "date" ? "DATE" : "VARCHAR"}'`),
    ...measures.map(m => `'${m}': '${money.has(m) ? "DOUBLE" : "BIGINT"}'`),
  ].join(", ");
  const path = file.replaceAll("'", "''");
  const group = perClient ? "client_id, " : "";
  const sql = `
    SELECT ${group}strftime(month_start, '%Y-%m') AS month, ${measures.map(m => `sum(${m}) AS ${m}`).join(", ")}
    FROM (
      SELECT ${group}date_trunc('month', date) AS month_start, ${measures.join(", ")}
      FROM read_csv('${path}', header = true, auto_detect = false, delim = ',', columns = {${types}})
    )
    GROUP BY ${group}month_start
    ORDER BY ${group}month_start`;
  const started = performance.now();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRows();
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  return { rows, seconds };
}

async function runPolars() {
  // The pool size is read once, when the native library starts: set it before loading it.
  process.env.POLARS_MAX_THREADS = String(threads);
  const pl = (await import("nodejs-polars")).default;
  const schema = {};
  for (const c of textColumns) schema[c] = c === "date" ? pl.Date : pl.Utf8;
  for (const m of measures) schema[m] = money.has(m) ? pl.Float64 : pl.Int64;
  const month = pl.col("date").dt.year().cast(pl.Int32).mul(100).add(pl.col("date").dt.month().cast(pl.Int32)).alias("month_key");
  const groupBy = perClient ? [pl.col("client_id"), month] : [month];
  const started = performance.now();
  const frame = await pl.scanCSV(file, { hasHeader: true, schema })
    .groupBy(groupBy)
    .agg(measures.map(m => pl.col(m).sum()))
    .sort(perClient ? ["client_id", "month_key"] : ["month_key"])
    .collect();
  const seconds = (performance.now() - started) / 1000;
  const column = name => frame.getColumn(name).toArray();
  const monthKeys = column("month_key");
  const clients = perClient ? column("client_id") : null;
  const sums = measures.map(column);
  const rows = [];
  for (let i = 0; i < frame.height; i++) {
    const key = monthKeys[i];
    const row = [`${Math.floor(key / 100)}-${String(key % 100).padStart(2, "0")}`];
    if (perClient) row.unshift(clients[i]);
    for (const values of sums) row.push(values[i]);
    rows.push(row);
  }
  return { rows, seconds };
}

const { rows, seconds } = engine === "duckdb" ? await runDuckDb() : await runPolars();
writeSums(rows);
console.log(`query_s=${seconds.toFixed(3)}`);
