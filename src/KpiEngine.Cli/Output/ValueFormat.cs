using KpiEngine.Definitions;
using KpiEngine.Reporting;

namespace KpiEngine.Cli.Output;

/// <summary>How values look in the console table: the reports' rule (<see cref="UnitFormat"/>), so a value reads the same everywhere.</summary>
internal static class ValueFormat
{
    public static string Display(double? value, KpiUnit unit, string? currency) => UnitFormat.Display(value, unit, currency);

    public static string Unit(KpiUnit unit) => UnitFormat.Unit(unit);
}
