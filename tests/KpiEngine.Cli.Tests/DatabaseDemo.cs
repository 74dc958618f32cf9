using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiEngine.Cli.Tests;

/// <summary>What the SQLite and PostgreSQL end-to-end tests share: a copy of the online-shop demo, its clients rewritten to read tables, and the checks.</summary>
internal static partial class DatabaseDemo
{
    /// <summary>Copies kpi-definitions and samples/online-shop into <paramref name="work"/>, a project tree of its own.</summary>
    public static void Copy(string work)
    {
        foreach (var folder in new[] { "kpi-definitions", Path.Combine("samples", "online-shop") })
        {
            var from = Path.Combine(KpiProcess.RepositoryRoot, folder);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(work, folder, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    /// <summary>The client YAML with every online-shop CSV dataset read from the table of the same name of connection SHOP_DB.</summary>
    public static string FromDatabase(string yaml) =>
        CsvPath().Replace(yaml, match => $"source: {{ connection: SHOP_DB, table: {match.Groups[1].Value} }}");

    /// <summary>The client YAML with every online-shop CSV dataset read from the file of the same name with <paramref name="extension"/> (".xlsx", ".parquet").</summary>
    public static string FromFiles(string yaml, string extension)
    {
        var rewritten = CsvPath().Replace(yaml, match => $"path: ../../samples/online-shop/{match.Groups[1].Value}{extension}");
        Assert.False(CsvPath().IsMatch(rewritten), rewritten);
        return rewritten;
    }

    /// <summary>Both runs succeeded with the same (KPI, period) keys and the same values and reasons, compared exactly (or within <paramref name="relativeTolerance"/>).</summary>
    public static void AssertSameNumbers(KpiRun csv, KpiRun database, double relativeTolerance = 0)
    {
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.True(database.ExitCode == 0, database.ToString());
        var expected = ResultJson.Read(csv.Output);
        var actual = ResultJson.Read(database.Output);
        Assert.True(expected.Count > 100, $"{expected.Count} results");
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected)
        {
            // The same doubles: database values are written as invariant text and read by the CSV cell parser.
            var other = actual[key];
            var close = value.Value is { } v && other.Value is { } w && Math.Abs(v - w) <= relativeTolerance * Math.Max(Math.Abs(v), Math.Abs(w));
            Assert.True(value == other || (close && value.Reason == other.Reason), $"{key}: CSV {value}, database {other}");
        }
    }

    /// <summary>The sum of the sessions column of the copied traffic.csv in January 2026, added up here from the file.</summary>
    public static double JanuaryVisits(string work) =>
        File.ReadLines(Path.Combine(work, "samples", "online-shop", "traffic.csv")).Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[0].StartsWith("2026-01", StringComparison.Ordinal))
            .Sum(f => double.Parse(f[2], CultureInfo.InvariantCulture));

    /// <summary>A client with one KPI, the visits of a traffic dataset whose definition starts with <paramref name="source"/>.</summary>
    public static string TrafficClient(string source) => $$"""
        client: traffic-only
        datasets:
          traffic:
            {{source}}
            time: day
        inputs:
          visits: { dataset: traffic, formula: "Sum([sessions])" }
        kpis:
          - id: visits_total
            name: Visits
            unit: count
            direction: higher
            formula: "[visits]"
        """;

    [GeneratedRegex(@"path: \.\./\.\./samples/online-shop/([a-z_]+)\.csv")]
    private static partial Regex CsvPath();
}
