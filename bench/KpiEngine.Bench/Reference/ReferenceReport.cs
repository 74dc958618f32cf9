using System.Globalization;
using System.Text;
using KpiEngine.Bench.Generation;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// Writes the reference results in the engine's CSV result format (row for row in the engine's
/// order), and the bare sums per group for checking the DuckDB and Polars anchors.
/// </summary>
internal static class ReferenceReport
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// KPIs in set order, then every month from the first to the last month with data; in a per-client
    /// export (the engine's <c>--by client_id</c> output) each month has the total row first, then one row
    /// per client id seen in the file, in ordinal order.
    /// </summary>
    public static void WriteCsv(string path, string client, ReferenceSums sums)
    {
        using var text = Create(path);
        var perClient = sums.Shape == ExportShape.PerClient;
        text.Write(perClient ? "client,kpi,period,client_id,value,reason,unit\r\n" : "client,kpi,period,value,reason,unit\r\n");
        if (sums.Months.Count == 0)
        {
            return;
        }

        var first = sums.Months.Keys.First();
        var last = sums.Months.Keys.Last();
        var totals = sums.Totals;
        var groups = perClient ? sums.GroupsSeen : [];
        var zeros = new double[sums.GroupsPerMonth * ExportLayout.MeasureCount];
        foreach (var kpi in ReferenceKpis.All)
        {
            for (var month = first; month <= last; month++)
            {
                var period = string.Create(CultureInfo.InvariantCulture, $"{month / 12:D4}-{(month % 12) + 1:D2}");
                var (value, reason) = EvaluateTotal(kpi, totals, month);
                WriteRow(text, client, kpi, period, perClient ? string.Empty : null, value, reason);

                // A client without rows in a month has the empty group's sums, zero, as in the engine.
                var current = sums.Months.GetValueOrDefault(month, zeros);
                var before = month > first ? sums.Months.GetValueOrDefault(month - 1, zeros) : null;
                foreach (var group in groups)
                {
                    var at = group * ExportLayout.MeasureCount;
                    (value, reason) = Evaluate(kpi, new MonthFigures(current, at), before is null ? null : new MonthFigures(before, at));
                    WriteRow(text, client, kpi, period, ReferenceSums.ClientId(group), value, reason);
                }
            }
        }
    }

    /// <summary>
    /// The sums of every group with rows, one line per group: <c>[client_id,]month,visits,...,deals_won</c>,
    /// months as yyyy-MM, each value as the shortest text that reads back to the same double.
    /// </summary>
    public static void WriteSums(string path, ReferenceSums sums)
    {
        using var text = Create(path);
        var perClient = sums.Shape == ExportShape.PerClient;
        text.Write(perClient ? "client_id,month," : "month,");
        text.Write(string.Join(',', ExportLayout.Columns.AsSpan(ExportLayout.FirstMeasure).ToArray()));
        text.Write('\n');
        foreach (var group in perClient ? sums.GroupsSeen : [0])
        {
            foreach (var (month, groupSums) in sums.Months)
            {
                var at = group * ExportLayout.MeasureCount;
                if (!sums.HasRows(month, group))
                {
                    continue; // no rows of this client in this month: the anchors' GROUP BY has no such group
                }

                if (perClient)
                {
                    text.Write(ReferenceSums.ClientId(group));
                    text.Write(',');
                }

                text.Write(string.Create(CultureInfo.InvariantCulture, $"{month / 12:D4}-{(month % 12) + 1:D2}"));
                for (var measure = 0; measure < ExportLayout.MeasureCount; measure++)
                {
                    text.Write(',');
                    text.Write(groupSums[at + measure].ToString("R", CultureInfo.InvariantCulture));
                }

                text.Write('\n');
            }
        }
    }

    private static StreamWriter Create(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new StreamWriter(full, append: false, Utf8, 1 << 16);
    }

    private static void WriteRow(StreamWriter text, string client, ReferenceKpi kpi, string period, string? dimension, double? value, string reason)
    {
        text.Write(client);
        text.Write(',');
        text.Write(kpi.Id);
        text.Write(',');
        text.Write(period);
        text.Write(',');
        if (dimension is not null)
        {
            text.Write(dimension);
            text.Write(',');
        }

        text.Write(value is { } v ? MachineNumber.Format(v) : string.Empty);
        text.Write(',');
        text.Write(reason);
        text.Write(',');
        text.Write(kpi.Unit);
        text.Write("\r\n");
    }

    private static (double? Value, string Reason) EvaluateTotal(ReferenceKpi kpi, Dictionary<int, double[]> totals, int month)
    {
        if (!totals.TryGetValue(month, out var sums))
        {
            return (null, "no rows in this period");
        }

        MonthFigures? previous = totals.TryGetValue(month - 1, out var previousSums) ? new MonthFigures(previousSums, 0) : null;
        return Evaluate(kpi, new MonthFigures(sums, 0), previous);
    }

    private static (double? Value, string Reason) Evaluate(ReferenceKpi kpi, MonthFigures current, MonthFigures? previous) =>
        kpi.Compute(current, previous) switch
        {
            null => (null, "no previous period"),
            { } v when !double.IsFinite(v) => (null, "division by zero"),
            { } v => (v, string.Empty),
        };
}
