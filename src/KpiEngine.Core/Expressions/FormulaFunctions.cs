using System.Reflection;

namespace KpiEngine.Expressions;

/// <summary>
/// The numeric and text functions of the formula language, shared by row-level delegates
/// (called from compiled expression trees) and period-level evaluation, so both levels round,
/// compare and divide the same way. NaN means "missing"; null text means "missing".
/// </summary>
internal static class FormulaFunctions
{
    private const double MaxDays = 3_652_059; // 9999-12-31 is day 3,652,058.

    private static readonly Dictionary<string, MethodInfo> NumericByArity = new(StringComparer.Ordinal)
    {
        ["Abs/1"] = Method(nameof(Abs)),
        ["Round/1"] = Method(nameof(Round)),
        ["Round/2"] = Method(nameof(RoundTo)),
        ["Floor/1"] = Method(nameof(Floor)),
        ["Ceiling/1"] = Method(nameof(Ceiling)),
        ["Truncate/1"] = Method(nameof(Truncate)),
        ["Sqrt/1"] = Method(nameof(Sqrt)),
        ["Pow/2"] = Method(nameof(Pow)),
        ["Exp/1"] = Method(nameof(Exp)),
        ["Log/1"] = Method(nameof(Log)),
        ["Log/2"] = Method(nameof(LogBase)),
        ["Log10/1"] = Method(nameof(Log10)),
        ["Sign/1"] = Method(nameof(Sign)),
        ["Min/2"] = Method(nameof(Min)),
        ["Max/2"] = Method(nameof(Max)),
        ["ClockHours/2"] = Method(nameof(ClockHours)),
    };

    /// <summary>The number-to-number function of that canonical name and argument count, or null.</summary>
    public static MethodInfo? Numeric(string name, int arity) => NumericByArity.GetValueOrDefault($"{name}/{arity}");

    /// <summary>A function of this class by name (names are unique).</summary>
    public static MethodInfo Method(string name) => typeof(FormulaFunctions).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;

    /// <summary>Row division: a division by zero becomes +Infinity, the marker aggregates report as "division by zero" (IEEE gives NaN for 0/0).</summary>
    public static double Divide(double dividend, double divisor) =>
        divisor == 0 && !double.IsNaN(dividend) ? double.PositiveInfinity : dividend / divisor;

    /// <summary>Row remainder; by zero like <see cref="Divide"/>.</summary>
    public static double Modulo(double dividend, double divisor) =>
        divisor == 0 && !double.IsNaN(dividend) ? double.PositiveInfinity : dividend % divisor;

    /// <summary>Numbers differ; false when either is missing (IEEE would say NaN != x is true).</summary>
    public static bool NotEqual(double left, double right) => !double.IsNaN(left) && !double.IsNaN(right) && left != right;

    /// <summary>Ordinal text equality; a missing text equals nothing.</summary>
    public static bool TextEqual(string? left, string? right) => left is not null && right is not null && string.Equals(left, right, StringComparison.Ordinal);

    /// <summary>Ordinal order of two texts: negative, zero, positive; null when either is missing.</summary>
    public static int? TextCompare(string? left, string? right) => left is null || right is null ? null : string.CompareOrdinal(left, right);

    public static bool TextLess(string? left, string? right) => TextCompare(left, right) < 0;

    public static bool TextLessOrEqual(string? left, string? right) => TextCompare(left, right) <= 0;

    public static bool TextGreater(string? left, string? right) => TextCompare(left, right) > 0;

    public static bool TextGreaterOrEqual(string? left, string? right) => TextCompare(left, right) >= 0;

    /// <summary>A boolean column as a condition: true only for 1 (missing is false).</summary>
    public static bool IsTrue(double value) => value == 1;

    public static double Abs(double x) => Math.Abs(x);

    /// <summary>Rounds half away from zero (2.5 -> 3, -2.5 -> -3), as people round; NCalc rounds half to even.</summary>
    public static double Round(double x) => Math.Round(x, MidpointRounding.AwayFromZero);

    /// <summary>Rounds to 0..15 decimals, half away from zero; other digit counts give NaN.</summary>
    public static double RoundTo(double x, double digits) =>
        digits is >= 0 and <= 15 && digits == Math.Floor(digits) ? Math.Round(x, (int)digits, MidpointRounding.AwayFromZero) : double.NaN;

    public static double Floor(double x) => Math.Floor(x);

    public static double Ceiling(double x) => Math.Ceiling(x);

    public static double Truncate(double x) => Math.Truncate(x);

    public static double Sqrt(double x) => Math.Sqrt(x);

    public static double Pow(double x, double y) => Math.Pow(x, y);

    public static double Exp(double x) => Math.Exp(x);

    public static double Log(double x) => Math.Log(x);

    public static double LogBase(double x, double newBase) => Math.Log(x, newBase);

    public static double Log10(double x) => Math.Log10(x);

    public static double Sign(double x) => double.IsNaN(x) ? double.NaN : Math.Sign(x);

    public static double Min(double a, double b) => Math.Min(a, b);

    public static double Max(double a, double b) => Math.Max(a, b);

    /// <summary>
    /// Hours from the clock time <paramref name="start"/> to the clock time <paramref name="end"/>, each
    /// taken as its time of day (a date part is ignored). An end before the start is on the next day: the
    /// span crosses midnight once (22:00 to 06:00 is 8 hours); equal times are 0. Missing when either is.
    /// </summary>
    public static double ClockHours(double start, double end)
    {
        // In whole milliseconds of the day, so 22:00 to 06:00 is exactly 8, not 8.000000000000002.
        const double MillisecondsPerDay = 86_400_000;
        static double OfDay(double days) => Math.Round((days - Math.Floor(days)) * MillisecondsPerDay) % MillisecondsPerDay;
        var span = OfDay(end) - OfDay(start);
        return (span < 0 ? span + MillisecondsPerDay : span) / 3_600_000;
    }

    public static bool IsMissingNumber(double x) => double.IsNaN(x);

    public static bool IsMissingText(string? x) => x is null;

    public static double CoalesceNumber(double a, double b) => double.IsNaN(a) ? b : a;

    public static string? CoalesceText(string? a, string? b) => a ?? b;

    public static double Year(double days) => Date(days) is { } date ? date.Year : double.NaN;

    public static double Month(double days) => Date(days) is { } date ? date.Month : double.NaN;

    public static double Day(double days) => Date(days) is { } date ? date.Day : double.NaN;

    public static string? Lower(string? text) => text?.ToLowerInvariant();

    public static string? Upper(string? text) => text?.ToUpperInvariant();

    public static string? Trim(string? text) => text?.Trim();

    public static double Len(string? text) => text is null ? double.NaN : text.Length;

    public static bool Contains(string? text, string? part) => text is not null && part is not null && text.Contains(part, StringComparison.Ordinal);

    public static bool StartsWith(string? text, string? part) => text is not null && part is not null && text.StartsWith(part, StringComparison.Ordinal);

    public static bool EndsWith(string? text, string? part) => text is not null && part is not null && text.EndsWith(part, StringComparison.Ordinal);

    private static DateTime? Date(double days) =>
        days is >= 0 and < MaxDays ? new DateTime((long)(days * TimeSpan.TicksPerDay), DateTimeKind.Unspecified) : null;
}
