using System.Globalization;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>The client's <c>calendar:</c> block and the inputs' <c>kind:</c>.</summary>
internal sealed partial class DefinitionFileReader
{
    private static readonly string[] CalendarKeys = ["fiscal_year_start", "week_start"];

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    private static readonly WordTable<InputKind> InputKinds = new()
    {
        ["flow"] = InputKind.Flow,
        ["balance"] = InputKind.Balance,
    };

    /// <summary>Reads <c>calendar: { fiscal_year_start: april, week_start: monday }</c>; month and day names in any case, months also as 1-12.</summary>
    private CalendarSettings ReadCalendar(YamlMapping root)
    {
        const string Owner = "the calendar";
        if (_schema.Mapping(root["calendar"], "'calendar'") is not { } map)
        {
            return CalendarSettings.Default;
        }

        _schema.CheckKeys(map, CalendarKeys, Owner);
        var month = 1;
        if (_schema.Scalar(map["fiscal_year_start"], "fiscal_year_start", Owner) is { } monthNode)
        {
            var text = monthNode.Value.Trim();
            var byName = Array.FindIndex(MonthNames, m => string.Equals(m, text, StringComparison.OrdinalIgnoreCase)
                || (text.Length == 3 && m.StartsWith(text, StringComparison.OrdinalIgnoreCase)));
            if (byName >= 0)
            {
                month = byName + 1;
            }
            else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 12)
            {
                month = number;
            }
            else
            {
                _schema.Invalid(monthNode, $"'{monthNode.Value}' is not a month for 'fiscal_year_start' of {Owner}.", "Write a month name (april) or number (4).");
            }
        }

        var weekStart = DayOfWeek.Monday;
        if (_schema.Scalar(map["week_start"], "week_start", Owner) is { } dayNode)
        {
            var text = dayNode.Value.Trim();
            var days = Enum.GetValues<DayOfWeek>();
            var index = Array.FindIndex(days, d => string.Equals(d.ToString(), text, StringComparison.OrdinalIgnoreCase)
                || (text.Length == 3 && d.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase)));
            if (index >= 0)
            {
                weekStart = days[index];
            }
            else
            {
                _schema.Invalid(dayNode, $"'{dayNode.Value}' is not a day of the week for 'week_start' of {Owner}.", "Write a day name such as monday or sunday.");
            }
        }

        return new CalendarSettings(month, weekStart);
    }

    /// <summary>Reads an input's <c>kind: flow | balance</c>; flow when absent.</summary>
    private InputKind ReadInputKind(YamlMapping map, string owner) =>
        _schema.Scalar(map["kind"], "kind", owner) is { } node ? _schema.Enum(node, InputKinds, "kind", owner) ?? InputKind.Flow : InputKind.Flow;
}
