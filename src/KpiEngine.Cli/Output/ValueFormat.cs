using KpiEngine.Definitions;
using KpiEngine.Reporting;

namespace KpiEngine.Cli.Output;

/// <summary>How values look in the console table: by unit, through <see cref="NumberFormat.Display"/> (invariant, grouped thousands, scientific past 1e15).</summary>
internal static class ValueFormat
{
    public static string Display(double? value, KpiUnit unit, string? currency)
    {
        if (value is not { } v)
        {
            return "n/a";
        }

        return unit switch
        {
            KpiUnit.Currency => NumberFormat.Display(v, 2) + (currency is null ? string.Empty : " " + currency),
            KpiUnit.Percent => NumberFormat.Display(v, 2) + " %",
            KpiUnit.Ratio => NumberFormat.Display(v, 3),
            KpiUnit.Count => NumberFormat.Display(v, v == Math.Round(v) ? 0 : 2),
            KpiUnit.Duration => NumberFormat.Display(v, 2) + " d",
            KpiUnit.Score => NumberFormat.Display(v, 1),
            _ => NumberFormat.Display(v, 2, trailingZeros: false),
        };
    }

#pragma warning disable CA1308 // Units are written in lower case in YAML and outputs.
    public static string Unit(KpiUnit unit) => unit.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
