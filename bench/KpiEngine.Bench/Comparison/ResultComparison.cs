using System.Globalization;
using System.Text;

namespace KpiEngine.Bench.Comparison;

/// <summary>
/// Compares two result files in the engine's CSV format (<c>client,kpi,period,value,reason,unit</c>):
/// the same (client, kpi, period) rows, the same units, the same rows undefined, and values equal
/// within 1e-9 relative. Reasons are not compared: the two sides word them differently.
/// </summary>
internal static class ResultComparison
{
    private const double RelativeTolerance = 1e-9;
    private const int MaxPrinted = 20;

    /// <summary>Compares; rows of KPIs in <paramref name="ignoredKpis"/> are left out on both sides.</summary>
    public static bool Run(string expectedPath, string actualPath, IReadOnlySet<string> ignoredKpis, TextWriter output)
    {
        var expected = Read(expectedPath, ignoredKpis);
        var actual = Read(actualPath, ignoredKpis);
        var problems = new List<string>();
        var exact = 0;
        var close = 0;
        double worst = 0;
        foreach (var (key, left) in expected)
        {
            if (!actual.TryGetValue(key, out var right))
            {
                problems.Add($"{key}: only in {expectedPath}");
                continue;
            }

            if (left.Unit != right.Unit)
            {
                problems.Add($"{key}: unit {left.Unit} vs {right.Unit}");
            }

            if (left.Value.Length == 0 || right.Value.Length == 0)
            {
                if (left.Value.Length != right.Value.Length)
                {
                    problems.Add($"{key}: '{left.Value}' ({left.Reason}) vs '{right.Value}' ({right.Reason})");
                }
                else
                {
                    exact++;
                }

                continue;
            }

            if (left.Value == right.Value)
            {
                exact++;
                continue;
            }

            var a = double.Parse(left.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            var b = double.Parse(right.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            var difference = Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));
            worst = Math.Max(worst, difference);
            if (difference <= RelativeTolerance)
            {
                close++;
            }
            else
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {left.Value} vs {right.Value} (relative difference {difference:G3})"));
            }
        }

        problems.AddRange(actual.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"{k}: only in {actualPath}"));
        foreach (var problem in problems.Take(MaxPrinted))
        {
            output.WriteLine(problem);
        }

        if (problems.Count > MaxPrinted)
        {
            output.WriteLine($"... and {problems.Count - MaxPrinted} more");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compare: {expected.Count} vs {actual.Count} rows; {exact} identical, {close} within {RelativeTolerance:G1} (worst {worst:G3}), {problems.Count} mismatched"));
        return problems.Count == 0 && expected.Count > 0;
    }

    private static Dictionary<string, ResultRow> Read(string path, IReadOnlySet<string> ignoredKpis)
    {
        var rows = new Dictionary<string, ResultRow>(StringComparer.Ordinal);
        using var reader = new StreamReader(path, Encoding.UTF8);
        // The engine may add columns after "unit" ("partial" for periods the data covers only in part,
        // "status" against benchmarks); they describe the values rather than being values, so they
        // are read past and not compared.
        const string Leading = "client,kpi,period,value,reason,unit";
        var header = reader.ReadLine();
        if (header is null || !(header == Leading || header.StartsWith(Leading + ",", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{path}: expected the header to start with {Leading} but found '{header}'");
        }

        var width = header.Split(',').Length;

        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = SplitCsv(line);
            if (cells.Count != width)
            {
                throw new InvalidDataException($"{path}({lineNumber}): expected {width} cells, found {cells.Count}: {line}");
            }

            if (ignoredKpis.Contains(cells[1]))
            {
                continue;
            }

            var key = $"{cells[0]}/{cells[1]}/{cells[2]}";
            if (!rows.TryAdd(key, new ResultRow(cells[3], cells[4], cells[5])))
            {
                throw new InvalidDataException($"{path}({lineNumber}): {key} appears twice");
            }
        }

        return rows;
    }

    /// <summary>Splits one CSV line with RFC 4180 quoting (reasons may hold commas); results never span lines.</summary>
    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private sealed record ResultRow(string Value, string Reason, string Unit);
}
