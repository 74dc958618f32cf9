using System.Globalization;
using System.Text;

namespace KpiEngine.Bench.Reference;

/// <summary>Writes the reference results in the engine's CSV result format, row for row in the engine's order.</summary>
internal static class ReferenceReport
{
    /// <summary>KPIs in set order, then every month from the first to the last month with data.</summary>
    public static void WriteCsv(string path, string client, SortedDictionary<int, long[]> months)
    {
        var text = new StringBuilder();
        text.Append("client,kpi,period,value,reason,unit\r\n");
        if (months.Count > 0)
        {
            var first = months.Keys.First();
            var last = months.Keys.Last();
            foreach (var kpi in ReferenceKpis.All)
            {
                for (var month = first; month <= last; month++)
                {
                    var (value, reason) = Evaluate(kpi, months, month);
                    text.Append(client).Append(',').Append(kpi.Id).Append(',')
                        .Append(CultureInfo.InvariantCulture, $"{month / 12:D4}-{(month % 12) + 1:D2}").Append(',')
                        .Append(value is { } v ? MachineNumber.Format(v) : string.Empty).Append(',')
                        .Append(reason).Append(',').Append(kpi.Unit).Append("\r\n");
                }
            }
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static (double? Value, string Reason) Evaluate(ReferenceKpi kpi, SortedDictionary<int, long[]> months, int month)
    {
        if (!months.TryGetValue(month, out var sums))
        {
            return (null, "no rows in this period");
        }

        MonthFigures? previous = months.TryGetValue(month - 1, out var previousSums) ? new MonthFigures(previousSums) : null;
        var value = kpi.Compute(new MonthFigures(sums), previous);
        return value switch
        {
            null => (null, "no previous period"),
            { } v when !double.IsFinite(v) => (null, "division by zero"),
            _ => (value, string.Empty),
        };
    }
}
