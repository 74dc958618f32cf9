using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiEngine.Definitions;

/// <summary>Placeholders in template texts, and the period words goals accept.</summary>
internal static partial class GoalText
{
    /// <summary>The baseline word for the KPI's first period with a value.</summary>
    public const string First = "first";

    /// <summary>The baseline word for the first period reported.</summary>
    public const string Start = "start";

    /// <summary>The names of the <c>{name}</c> placeholders in a text.</summary>
    public static IEnumerable<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Groups["name"].Value);

    /// <summary>The text with every placeholder whose value is known replaced by it.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(text, m => values.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    /// <summary>A plain decimal number (<c>20</c>, <c>-50</c>, <c>1.5</c>), invariant culture; no exponents, NaN or infinity.</summary>
    public static double? Number(string text) =>
        NumberPattern().IsMatch(text) && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    /// <summary>The months of a relative deadline (<c>+6 months</c>, <c>+1 month</c>); null when the text is not one.</summary>
    public static int? RelativeMonths(string text)
    {
        var match = RelativePattern().Match(text.Trim());
        return match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var months) && months > 0 ? months : null;
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[-+]?\d+(\.\d+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\+(?<n>\d{1,4}) ?months?$")]
    private static partial Regex RelativePattern();
}
