using System.Globalization;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// The engine's machine number format (KpiEngine.Reporting.NumberFormat.Machine): rounded to 15
/// significant digits, then printed as the shortest text that reads back to that double; no "-0".
/// Kept here so the reference depends on nothing of the engine it is measured against.
/// </summary>
internal static class MachineNumber
{
    public static string Format(double value)
    {
        var rounded = double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (rounded == 0 ? 0.0 : rounded).ToString("R", CultureInfo.InvariantCulture);
    }
}
