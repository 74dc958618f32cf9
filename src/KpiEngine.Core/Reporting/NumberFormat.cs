using System.Globalization;

namespace KpiEngine.Reporting;

/// <summary>How values are printed in machine-readable outputs.</summary>
public static class NumberFormat
{
    /// <summary>
    /// Prints a value with at most 15 significant digits, invariant culture. Fifteen digits is
    /// what a double holds exactly, so sums that differ only in the last bit (0.1 + 0.2) print
    /// the same, and outputs do not depend on summation order.
    /// </summary>
    public static string Machine(double value)
    {
        var rounded = double.Parse(value.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (rounded == 0)
        {
            rounded = 0; // no "-0"
        }

        return rounded.ToString("R", CultureInfo.InvariantCulture);
    }
}
