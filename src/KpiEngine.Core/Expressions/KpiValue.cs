using System.Globalization;
using System.Runtime.CompilerServices;

namespace KpiEngine.Expressions;

/// <summary>
/// A computed number, or "undefined" with the reason why. Never NaN or Infinity: operations
/// that would produce them produce an undefined value instead.
/// </summary>
public readonly record struct KpiValue
{
    private KpiValue(double number, string? reason)
    {
        Number = number;
        Reason = reason;
    }

    /// <summary>The number; meaningful only when <see cref="IsDefined"/>.</summary>
    public double Number { get; }

    /// <summary>Why the value is undefined; null when defined.</summary>
    public string? Reason { get; }

    /// <summary>True when the value is a finite number.</summary>
    public bool IsDefined => Reason is null;

    /// <summary>A defined value; NaN or Infinity become undefined with a generic reason.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // every arithmetic step of every formula makes one
    public static KpiValue Of(double number) =>
        double.IsFinite(number) ? new KpiValue(number, null) : Undefined(double.IsNaN(number) ? "not a number" : "infinite result");

    /// <summary>An undefined value.</summary>
    public static KpiValue Undefined(string reason) => new(double.NaN, string.IsNullOrEmpty(reason) ? "undefined" : reason);

    /// <summary>The number, or null when undefined.</summary>
    public double? AsNullable() => IsDefined ? Number : null;

    /// <inheritdoc />
    public override string ToString() =>
        IsDefined ? Number.ToString("R", CultureInfo.InvariantCulture) : $"undefined ({Reason})";
}
