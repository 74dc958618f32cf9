using System.Globalization;
using KpiEngine.Definitions;

namespace KpiEngine.Datasets;

/// <summary>
/// The invariant text of a typed value from a database, a workbook or a Parquet file, as
/// <see cref="CellWriter"/> reads it: typed sources are then checked and converted exactly as the same
/// data in a CSV file is (the time window, bad cells, the same doubles).
/// </summary>
internal static class CellText
{
    /// <summary>
    /// The text of <paramref name="value"/> for a column of <paramref name="type"/>; null for a missing
    /// value. With <paramref name="serialDates"/>, a number in a date column is an Excel serial date
    /// (days since 1899-12-30, the fraction the time of day), as a cell without date format shows it.
    /// </summary>
    public static string? Of(object? value, ColumnType type, bool serialDates = false) => value switch
    {
        null or DBNull => null,
        string text => text,
        double serial when serialDates && type is ColumnType.Date or ColumnType.DateTime && serial is >= -657434 and < 2958466 => Iso(DateTime.FromOADate(serial), type),
        DateTime time => Iso(time, type),
        DateTimeOffset time => Iso(time.DateTime, type),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => ((double)number).ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string Iso(DateTime time, ColumnType type) =>
        type == ColumnType.Date || time.TimeOfDay == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture);
}
