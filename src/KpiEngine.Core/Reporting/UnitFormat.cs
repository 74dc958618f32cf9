using KpiEngine.Definitions;

namespace KpiEngine.Reporting;

/// <summary>How a value looks to people, by unit, through <see cref="NumberFormat.Display"/> (invariant, grouped thousands, scientific past 1e15): one rule for the console table and the reports.</summary>
public static class UnitFormat
{
    /// <summary>The value with its unit (<c>65.00 EUR</c>, <c>1.25 %</c>); <c>n/a</c> when undefined.</summary>
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

    /// <summary>
    /// The value without its unit, short enough for a cell of a cohort triangle (<c>45.5</c> for 45.5 %,
    /// <c>1,250</c> for 1,250.40 EUR); the unit is named once, in the table's title. <c>n/a</c> when undefined.
    /// </summary>
    public static string Compact(double? value, KpiUnit unit)
    {
        if (value is not { } v)
        {
            return "n/a";
        }

        return unit switch
        {
            KpiUnit.Percent or KpiUnit.Duration or KpiUnit.Score => NumberFormat.Display(v, 1),
            KpiUnit.Currency => NumberFormat.Display(v, Math.Abs(v) >= 100 ? 0 : 2),
            KpiUnit.Count => NumberFormat.Display(v, v == Math.Round(v) ? 0 : 2),
            _ => NumberFormat.Display(v, 2, trailingZeros: false),
        };
    }

    /// <summary>A short axis label: at most three significant figures with k/M/G for thousands, millions, billions.</summary>
    public static string Axis(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            >= 1e9 => NumberFormat.Display(value / 1e9, 1, trailingZeros: false) + "G",
            >= 1e6 => NumberFormat.Display(value / 1e6, 1, trailingZeros: false) + "M",
            >= 1e4 => NumberFormat.Display(value / 1e3, 1, trailingZeros: false) + "k",
            >= 100 => NumberFormat.Display(value, 0),
            >= 1 => NumberFormat.Display(value, 2, trailingZeros: false),
            _ => NumberFormat.Display(value, 3, trailingZeros: false),
        };
    }

#pragma warning disable CA1308 // Units are written in lower case in YAML and outputs.
    /// <summary>The unit's name as written in YAML.</summary>
    public static string Unit(KpiUnit unit) => unit.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}
