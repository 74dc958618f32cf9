using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Expressions;

/// <summary>One function formulas can call, as <c>kpi list functions</c> and editors show it.</summary>
/// <param name="Name">The canonical spelling (names match case-insensitively).</param>
/// <param name="Signature">The call with its parameters named, e.g. <c>SumIf(value, condition)</c>.</param>
/// <param name="Kind"><c>aggregate</c> (over a dataset's rows of a period), <c>row</c> (inside aggregates and filters), <c>period</c> (over KPI and input values) or <c>row, period</c>.</param>
/// <param name="Description">What it returns, in one sentence.</param>
/// <param name="Example">A call as a formula would write it.</param>
public sealed record FormulaFunction(string Name, string Signature, string Kind, string Description, string Example);

/// <summary>Facts about the formula language for tools: its functions, and the names a formula refers to.</summary>
public static class FormulaLanguage
{
    /// <summary>Parameter names and a one-line description per function, keyed by name and the most arguments it takes.</summary>
    private static readonly Dictionary<(string Name, int Max), (string Parameters, string Description)> Texts = new()
    {
        [("Count", 1)] = ("[value]", "The number of rows; with a value, the rows where it is not missing."),
        [("CountIf", 1)] = ("condition", "The number of rows where the condition is true."),
        [("Sum", 1)] = ("value", "The sum of the value over the rows."),
        [("SumIf", 2)] = ("value, condition", "The sum of the value over the rows where the condition is true."),
        [("Avg", 1)] = ("value", "The mean of the value over the rows where it is not missing."),
        [("AvgIf", 2)] = ("value, condition", "The mean of the value over the rows where the condition is true."),
        [("Min", 1)] = ("value", "The smallest value over the rows."),
        [("Max", 1)] = ("value", "The largest value over the rows."),
        [("DistinctCount", 1)] = ("value", "The number of different values (customers, products)."),
        [("DistinctCountIf", 2)] = ("value, condition", "The number of different values among the rows where the condition is true."),
        [("Median", 1)] = ("value", "The middle value over the rows (the mean of the two middle ones for an even count)."),
        [("Last", 1)] = ("value", "The value of the row with the latest time: balances such as subscribers or stock."),
        [("First", 1)] = ("value", "The value of the row with the earliest time."),
        [("Product", 1)] = ("value", "The product of the values (rolled throughput yield); undefined over no rows."),
        [("if", 3)] = ("condition, then, else", "The second argument when the condition is true, else the third."),
        [("in", int.MaxValue)] = ("value, candidate, ...", "True when the value equals one of the candidates."),
        [("Abs", 1)] = ("x", "The absolute value."),
        [("Round", 2)] = ("x, [digits]", "x rounded to the digits (0 by default), halves away from zero."),
        [("Floor", 1)] = ("x", "The largest whole number not above x."),
        [("Ceiling", 1)] = ("x", "The smallest whole number not below x."),
        [("Truncate", 1)] = ("x", "x without its fraction."),
        [("Sqrt", 1)] = ("x", "The square root; undefined for a negative x."),
        [("Pow", 2)] = ("x, power", "x raised to the power."),
        [("Exp", 1)] = ("x", "e raised to x."),
        [("Log", 2)] = ("x, [base]", "The logarithm of x, natural or to the base; undefined for x not above 0."),
        [("Log10", 1)] = ("x", "The base-10 logarithm of x."),
        [("Sign", 1)] = ("x", "-1, 0 or 1 as x is negative, zero or positive."),
        [("Min", 2)] = ("a, b", "The smaller of two values."),
        [("Max", 2)] = ("a, b", "The larger of two values."),
        [("Coalesce", int.MaxValue)] = ("value, fallback, ...", "The first argument that is not missing or undefined."),
        [("IsMissing", 1)] = ("value", "True when the row's cell is empty."),
        [("IsDefined", 1)] = ("value", "True when the KPI or input has a value in the period."),
        [("Year", 1)] = ("date", "The year of a date."),
        [("Month", 1)] = ("date", "The month of a date, 1 to 12."),
        [("Day", 1)] = ("date", "The day of the month of a date."),
        [("Lower", 1)] = ("text", "The text in lower case."),
        [("Upper", 1)] = ("text", "The text in upper case."),
        [("Trim", 1)] = ("text", "The text without leading and trailing spaces."),
        [("Len", 1)] = ("text", "The number of characters of the text."),
        [("Contains", 2)] = ("text, part", "True when the text contains the part."),
        [("StartsWith", 2)] = ("text, start", "True when the text starts with the start."),
        [("EndsWith", 2)] = ("text, end", "True when the text ends with the end."),
        [("Prev", 2)] = ("value, [periods]", "The value one (or that many) periods earlier."),
        [("Growth", 2)] = ("value, [periods]", "The change against one (or that many) periods earlier, in percent of the absolute earlier value; undefined when that is 0."),
        [("Change", 2)] = ("value, [periods]", "The absolute difference to one (or that many) periods earlier."),
        [("RollingSum", 2)] = ("value, periods", "The sum over the last that many periods, this one included."),
        [("RollingAvg", 2)] = ("value, periods", "The mean over the last that many periods, this one included."),
        [("Cumulative", 1)] = ("value", "The sum since the first period with data, up to this one."),
        [("YTD", 1)] = ("value", "The sum from the start of the (fiscal) year up to this period."),
        [("QTD", 1)] = ("value", "The sum from the start of the (fiscal) quarter up to this period."),
        [("MTD", 1)] = ("value", "The sum from the start of the month up to this period (daily and weekly grains)."),
        [("Total", 1)] = ("value", "The value over all rows of the period, whatever --by split: for shares of the total."),
        [("FirstBy", 3)] = ("value, order, [condition]", "The value on the row with the smallest order (among the rows where the condition is true); ties go to the earlier row of the file."),
        [("LastBy", 3)] = ("value, order, [condition]", "The value on the row with the largest order (among the rows where the condition is true); ties go to the later row of the file."),
        [("MinIf", 2)] = ("value, condition", "The smallest value over the rows where the condition is true."),
        [("MaxIf", 2)] = ("value, condition", "The largest value over the rows where the condition is true."),
        [("ClockHours", 2)] = ("start, end", "The hours from one clock time to another; an end before the start is on the next day."),
        [("Cohort", 1)] = ("value", "In a cohort KPI: the value at the cohort's age 0 (its size, its first revenue), the denominator of every cell."),
        [("Parent", 1)] = ("value", "The value one --by level up (the region's for a region and channel; the total for a region): for shares of the parent."),
    };

    /// <summary>Every function formulas can call, aggregates first, each with its signature, kind, description and an example.</summary>
    public static IReadOnlyList<FormulaFunction> Functions { get; } = [.. FunctionCatalog.All.Select(Describe)];

    /// <summary>
    /// The names a formula reads outside aggregates: the KPIs, inputs and parameters it uses, in the
    /// order they first appear (names inside <c>Sum([total])</c> are dataset columns and are left out).
    /// Empty when the formula does not parse.
    /// </summary>
    /// <param name="formula">The formula text.</param>
    public static IReadOnlyList<string> ReferencedNames(string formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var tree = FormulaParser.Parse(FormulaSource.FromText(formula, "formula"), "formula", new DiagnosticBag());
        var names = new List<string>();
        if (tree is not null)
        {
            PeriodCompiler.CollectNames(tree, names);
        }

        return names;
    }

    /// <summary>The description of a catalog entry; a function without one fails the test that walks the catalog.</summary>
    internal static FormulaFunction Describe(FunctionInfo function)
    {
        var (parameters, description) = Texts.TryGetValue((function.Name, function.MaxArguments), out var text)
            ? text
            : throw new InvalidOperationException($"Function {function.Name} with up to {function.MaxArguments} arguments has no description in FormulaLanguage.");
        var kind = function.Aggregate is not null ? "aggregate" : function.Level switch
        {
            FunctionLevel.Row => "row",
            FunctionLevel.Period => "period",
            _ => "row, period",
        };
        return new FormulaFunction(function.Name, $"{function.Name}({parameters})", kind, description, function.Example);
    }
}
