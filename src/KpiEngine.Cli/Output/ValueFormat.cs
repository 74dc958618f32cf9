using System.Globalization;
using KpiEngine.Definitions;

namespace KpiEngine.Cli.Output;

/// <summary>How values look in the console table: by unit, invariant culture, grouped thousands.</summary>
internal static class ValueFormat
{
    public static string Display(double? value, KpiUnit unit, string? currency)
    {
        if (value is not { } v)
        {
            return "n/a";
        }

        var inv = CultureInfo.InvariantCulture;
        return unit switch
        {
            KpiUnit.Currency => v.ToString("N2", inv) + (currency is null ? string.Empty : " " + currency),
            KpiUnit.Percent => v.ToString("N2", inv) + " %",
            KpiUnit.Ratio => v.ToString("N3", inv),
            KpiUnit.Count => v == Math.Round(v) ? v.ToString("N0", inv) : v.ToString("N2", inv),
            KpiUnit.Duration => v.ToString("N2", inv) + " d",
            KpiUnit.Score => v.ToString("N1", inv),
            _ => v.ToString("#,##0.##", inv),
        };
    }

#pragma warning disable CA1308 // Units are written in lower case in YAML and outputs.
    public static string Unit(KpiUnit unit) => unit.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
