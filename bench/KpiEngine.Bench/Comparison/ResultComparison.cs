using System.Globalization;
using System.Text;
using KpiEngine.Bench.Generation;

namespace KpiEngine.Bench.Comparison;

/// <summary>
/// Compares two result files in the engine's CSV format (<c>client,kpi,period[,dimension...],value,reason,unit</c>):
/// the same rows (keyed by every column before <c>value</c>), the same units, the same rows undefined,
/// and values equal within 1e-9 relative. Reasons are not compared: the two sides word them differently.
/// Also compares two files of sums per group (the reference's <c>--sums-out</c> and the anchors' output)
/// cell by cell with the same tolerance.
/// </summary>
internal static class ResultComparison
{
    private const double RelativeTolerance = 1e-9;
    private const int MaxPrinted = 20;

    /// <summary>Compares result files; rows of KPIs in <paramref name="ignoredKpis"/> are left out on both sides.</summary>
    public static bool Run(string expectedPath, string actualPath, IReadOnlySet<string> ignoredKpis, TextWriter output)
    {
        var expected = ReadResults(expectedPath, ignoredKpis);
        var actual = ReadResults(actualPath, ignoredKpis);
        if (expected.KeyColumns != actual.KeyColumns)
        {
            output.WriteLine($"compare: rows are keyed by ({expected.KeyColumns}) in {expectedPath} but by ({actual.KeyColumns}) in {actualPath}");
            return false;
        }

        return Compare(expected.Cells, actual.Cells, expectedPath, actualPath, "rows", output);
    }

    /// <summary>
    /// Compares sums files: a header of key columns (<c>client_id</c>, <c>month</c>) and the sixteen measures
    /// in any order, one line per group. Every (group, measure) is one cell.
    /// </summary>
    public static bool RunSums(string expectedPath, string actualPath, TextWriter output)
    {
        var expected = ReadSums(expectedPath);
        var actual = ReadSums(actualPath);
        if (expected.KeyColumns != actual.KeyColumns)
        {
            output.WriteLine($"compare: groups are keyed by ({expected.KeyColumns}) in {expectedPath} but by ({actual.KeyColumns}) in {actualPath}");
            return false;
        }

        return Compare(expected.Cells, actual.Cells, expectedPath, actualPath, "cells", output);
    }

    private static bool Compare(Dictionary<string, ResultRow> expected, Dictionary<string, ResultRow> actual, string expectedPath, string actualPath, string what, TextWriter output)
    {
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

            if (!double.TryParse(left.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                || !double.TryParse(right.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            {
                problems.Add($"{key}: '{left.Value}' vs '{right.Value}' (not both numbers)");
                continue;
            }

            var difference = a == b ? 0 : Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));
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
            $"compare: {expected.Count} vs {actual.Count} {what}; {exact} identical, {close} within {RelativeTolerance:G1} (worst {worst:G3}), {problems.Count} mismatched"));
        return problems.Count == 0 && expected.Count > 0;
    }

    private static KeyedCells ReadResults(string path, IReadOnlySet<string> ignoredKpis)
    {
        var rows = new Dictionary<string, ResultRow>(StringComparer.Ordinal);
        using var reader = new StreamReader(path, Encoding.UTF8);
        // Dimension columns (--by) come between "period" and "value". The engine may add columns after
        // "unit" ("partial" for periods the data covers only in part, "status" against benchmarks); they
        // describe the values rather than being values, so they are read past and not compared.
        var header = reader.ReadLine() ?? string.Empty;
        var names = header.Split(',');
        var valueAt = Array.IndexOf(names, "value");
        if (valueAt < 3 || !names.AsSpan(0, 3).SequenceEqual(["client", "kpi", "period"]) || valueAt + 3 > names.Length
            || names[valueAt + 1] != "reason" || names[valueAt + 2] != "unit")
        {
            throw new InvalidDataException($"{path}: expected the header client,kpi,period[,dimension...],value,reason,unit[,...] but found '{header}'");
        }

        foreach (var (lineNumber, cells) in Records(reader, path, names.Length))
        {
            if (ignoredKpis.Contains(cells[1]))
            {
                continue;
            }

            var key = string.Join('/', cells.Take(valueAt));
            if (!rows.TryAdd(key, new ResultRow(cells[valueAt], cells[valueAt + 1], cells[valueAt + 2])))
            {
                throw new InvalidDataException($"{path}({lineNumber}): {key} appears twice");
            }
        }

        return new KeyedCells(string.Join(',', names.Take(valueAt)), rows);
    }

    private static KeyedCells ReadSums(string path)
    {
        var cells = new Dictionary<string, ResultRow>(StringComparer.Ordinal);
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() ?? string.Empty;
        var names = header.Split(',');
        var measures = ExportLayout.Columns.AsSpan(ExportLayout.FirstMeasure).ToArray();
        var keyColumns = names.Where(n => !measures.Contains(n)).ToArray();
        var missing = measures.Where(m => !names.Contains(m)).ToArray();
        if (keyColumns.Length == 0 || missing.Length > 0 || names.Distinct().Count() != names.Length)
        {
            throw new InvalidDataException($"{path}: expected key columns and each of {string.Join(',', measures)} once, found '{header}'");
        }

        foreach (var (lineNumber, values) in Records(reader, path, names.Length))
        {
            var group = string.Join('/', keyColumns.Select(k => values[Array.IndexOf(names, k)]));
            for (var i = 0; i < names.Length; i++)
            {
                if (measures.Contains(names[i]) && !cells.TryAdd($"{group}/{names[i]}", new ResultRow(values[i], string.Empty, string.Empty)))
                {
                    throw new InvalidDataException($"{path}({lineNumber}): group {group} appears twice");
                }
            }
        }

        return new KeyedCells(string.Join(',', keyColumns), cells);
    }

    /// <summary>The records after the header with their line numbers; every one must have <paramref name="width"/> cells.</summary>
    private static IEnumerable<(int LineNumber, List<string> Cells)> Records(StreamReader reader, string path, int width)
    {
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

            yield return (lineNumber, cells);
        }
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

    /// <summary>The cells of one file by key, and the names of the columns the key is made of.</summary>
    private sealed record KeyedCells(string KeyColumns, Dictionary<string, ResultRow> Cells);
}
