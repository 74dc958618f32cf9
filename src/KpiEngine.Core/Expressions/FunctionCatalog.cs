namespace KpiEngine.Expressions;

/// <summary>Where a function may be used.</summary>
[Flags]
internal enum FunctionLevel
{
    /// <summary>On dataset rows: inside aggregates and in dataset filters.</summary>
    Row = 1,

    /// <summary>Once per period, over KPI, input and parameter values.</summary>
    Period = 2,

    /// <summary>Both.</summary>
    Both = Row | Period,
}

/// <summary>The aggregate functions.</summary>
internal enum AggregateKind
{
    /// <summary><c>Count()</c> rows, or <c>Count(x)</c> rows where x is not missing.</summary>
    Count,

    /// <summary><c>CountIf(condition)</c>.</summary>
    CountIf,

    /// <summary><c>Sum(x)</c>.</summary>
    Sum,

    /// <summary><c>SumIf(x, condition)</c>.</summary>
    SumIf,

    /// <summary><c>Avg(x)</c>.</summary>
    Avg,

    /// <summary><c>AvgIf(x, condition)</c>.</summary>
    AvgIf,

    /// <summary><c>Min(x)</c> with one argument.</summary>
    Min,

    /// <summary><c>Max(x)</c> with one argument.</summary>
    Max,

    /// <summary><c>DistinctCount(x)</c>.</summary>
    DistinctCount,

    /// <summary><c>DistinctCountIf(x, condition)</c>.</summary>
    DistinctCountIf,

    /// <summary><c>Median(x)</c>.</summary>
    Median,

    /// <summary><c>Last(x)</c>: the value of the row with the latest time (balances such as subscribers or stock).</summary>
    Last,

    /// <summary><c>First(x)</c>: the value of the row with the earliest time.</summary>
    First,

    /// <summary><c>Product(x)</c>: the product of the values (rolled throughput yield); undefined over no rows.</summary>
    Product,

    /// <summary><c>FirstBy(x, order)</c> or <c>FirstBy(x, order, condition)</c>: x on the row with the smallest order (ties: the earlier row in the file).</summary>
    FirstBy,

    /// <summary><c>LastBy(x, order)</c> or <c>LastBy(x, order, condition)</c>: x on the row with the largest order (ties: the later row in the file).</summary>
    LastBy,

    /// <summary><c>MinIf(x, condition)</c>.</summary>
    MinIf,

    /// <summary><c>MaxIf(x, condition)</c>.</summary>
    MaxIf,
}

/// <summary>One function of the formula language: its canonical name, arity, where it is allowed, and an example for messages.</summary>
internal sealed record FunctionInfo(string Name, int MinArguments, int MaxArguments, FunctionLevel Level, string Example, AggregateKind? Aggregate = null)
{
    public bool Accepts(int count) => count >= MinArguments && count <= MaxArguments;

    public string ArityText => MinArguments == MaxArguments
        ? $"{MinArguments} argument{(MinArguments == 1 ? string.Empty : "s")}"
        : MaxArguments == int.MaxValue ? $"at least {MinArguments} arguments" : $"{MinArguments} to {MaxArguments} arguments";
}

/// <summary>Every function formulas can call. Names are matched case-insensitively.</summary>
internal static class FunctionCatalog
{
    private static readonly FunctionInfo[] Aggregates =
    [
        new("Count", 0, 1, FunctionLevel.Period, "Count() or Count([customer_id])", AggregateKind.Count),
        new("CountIf", 1, 1, FunctionLevel.Period, "CountIf([status] != 'cancelled')", AggregateKind.CountIf),
        new("Sum", 1, 1, FunctionLevel.Period, "Sum([price] * [qty])", AggregateKind.Sum),
        new("SumIf", 2, 2, FunctionLevel.Period, "SumIf([total], [status] != 'cancelled')", AggregateKind.SumIf),
        new("Avg", 1, 1, FunctionLevel.Period, "Avg([total])", AggregateKind.Avg),
        new("AvgIf", 2, 2, FunctionLevel.Period, "AvgIf([total], [channel] = 'web')", AggregateKind.AvgIf),
        new("Min", 1, 1, FunctionLevel.Period, "Min([total])", AggregateKind.Min),
        new("Max", 1, 1, FunctionLevel.Period, "Max([total])", AggregateKind.Max),
        new("DistinctCount", 1, 1, FunctionLevel.Period, "DistinctCount([customer_id])", AggregateKind.DistinctCount),
        new("DistinctCountIf", 2, 2, FunctionLevel.Period, "DistinctCountIf([customer_id], [total] > 100)", AggregateKind.DistinctCountIf),
        new("Median", 1, 1, FunctionLevel.Period, "Median([total])", AggregateKind.Median),
        new("Last", 1, 1, FunctionLevel.Period, "Last([subscribers])", AggregateKind.Last),
        new("First", 1, 1, FunctionLevel.Period, "First([subscribers])", AggregateKind.First),
        new("Product", 1, 1, FunctionLevel.Period, "Product([step_yield])", AggregateKind.Product),
        new("FirstBy", 2, 3, FunctionLevel.Period, "FirstBy([region], [ordered_at])", AggregateKind.FirstBy),
        new("LastBy", 2, 3, FunctionLevel.Period, "LastBy([plan], [changed_at])", AggregateKind.LastBy),
        new("MinIf", 2, 2, FunctionLevel.Period, "MinIf([ordered_at], [status] != 'cancelled')", AggregateKind.MinIf),
        new("MaxIf", 2, 2, FunctionLevel.Period, "MaxIf([total], [channel] == 'web')", AggregateKind.MaxIf),
    ];

    private static readonly FunctionInfo[] Scalars =
    [
        new("if", 3, 3, FunctionLevel.Both, "if([orders] > 0, [revenue] / [orders], 0)"),
        new("in", 2, int.MaxValue, FunctionLevel.Both, "in([status], 'paid', 'shipped')"),
        new("Abs", 1, 1, FunctionLevel.Both, "Abs([delta])"),
        new("Round", 1, 2, FunctionLevel.Both, "Round([x], 2)"),
        new("Floor", 1, 1, FunctionLevel.Both, "Floor([x])"),
        new("Ceiling", 1, 1, FunctionLevel.Both, "Ceiling([x])"),
        new("Truncate", 1, 1, FunctionLevel.Both, "Truncate([x])"),
        new("Sqrt", 1, 1, FunctionLevel.Both, "Sqrt([x])"),
        new("Pow", 2, 2, FunctionLevel.Both, "Pow([x], 2)"),
        new("Exp", 1, 1, FunctionLevel.Both, "Exp([x])"),
        new("Log", 1, 2, FunctionLevel.Both, "Log([x]) or Log([x], 2)"),
        new("Log10", 1, 1, FunctionLevel.Both, "Log10([x])"),
        new("Sign", 1, 1, FunctionLevel.Both, "Sign([x])"),
        new("Min", 2, 2, FunctionLevel.Both, "Min([a], [b])"),
        new("Max", 2, 2, FunctionLevel.Both, "Max([a], [b])"),
        new("Coalesce", 2, int.MaxValue, FunctionLevel.Both, "Coalesce([discount], 0)"),
        new("IsMissing", 1, 1, FunctionLevel.Row, "IsMissing([delivered_at])"),
        new("IsDefined", 1, 1, FunctionLevel.Period, "IsDefined([churn_rate])"),
        new("Year", 1, 1, FunctionLevel.Row, "Year([ordered_at])"),
        new("Month", 1, 1, FunctionLevel.Row, "Month([ordered_at])"),
        new("Day", 1, 1, FunctionLevel.Row, "Day([ordered_at])"),
        new("ClockHours", 2, 2, FunctionLevel.Row, "ClockHours([shift_start], [shift_end])"),
        new("Lower", 1, 1, FunctionLevel.Row, "Lower([status])"),
        new("Upper", 1, 1, FunctionLevel.Row, "Upper([status])"),
        new("Trim", 1, 1, FunctionLevel.Row, "Trim([status])"),
        new("Len", 1, 1, FunctionLevel.Row, "Len([code])"),
        new("Contains", 2, 2, FunctionLevel.Row, "Contains([email], '@')"),
        new("StartsWith", 2, 2, FunctionLevel.Row, "StartsWith([sku], 'PRO-')"),
        new("EndsWith", 2, 2, FunctionLevel.Row, "EndsWith([email], '.de')"),
        new("Prev", 1, 2, FunctionLevel.Period, "Prev([mrr]) or Prev([mrr], 12)"),
        new("Growth", 1, 2, FunctionLevel.Period, "Growth([revenue]) or Growth([revenue], 12)"),
        new("Change", 1, 2, FunctionLevel.Period, "Change([revenue]) or Change([revenue], 12)"),
        new("RollingSum", 2, 2, FunctionLevel.Period, "RollingSum([orders], 3)"),
        new("RollingAvg", 2, 2, FunctionLevel.Period, "RollingAvg([subscribers], 3)"),
        new("Cumulative", 1, 1, FunctionLevel.Period, "Cumulative([revenue])"),
        new("YTD", 1, 1, FunctionLevel.Period, "YTD([revenue])"),
        new("QTD", 1, 1, FunctionLevel.Period, "QTD([revenue])"),
        new("MTD", 1, 1, FunctionLevel.Period, "MTD([revenue])"),
        new("Total", 1, 1, FunctionLevel.Period, "[orders] / Total([orders]) * 100"),
        new("Parent", 1, 1, FunctionLevel.Period, "[orders] / Parent([orders]) * 100"),
        new("Cohort", 1, 1, FunctionLevel.Period, "[active_customers] / Cohort([active_customers]) * 100"),
    ];

    /// <summary>Functions that evaluate their first argument at other periods.</summary>
    public static IReadOnlySet<string> TimeFunctions { get; } = new HashSet<string>(["Prev", "Growth", "Change", "RollingSum", "RollingAvg", "Cumulative", "YTD", "QTD", "MTD"], StringComparer.Ordinal);

    /// <summary>Every function: the aggregates, then the scalar functions (Min and Max appear in both).</summary>
    public static IReadOnlyList<FunctionInfo> All { get; } = [.. Aggregates, .. Scalars];

    /// <summary>All function names, canonical spelling, for did-you-mean.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Aggregates.Concat(Scalars).Select(f => f.Name).Distinct()];

    /// <summary>The aggregate function of that name (any spelling), or null.</summary>
    public static FunctionInfo? FindAggregate(string name) =>
        Array.Find(Aggregates, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The scalar functions of that name (any spelling); Min and Max have one with two arguments.</summary>
    public static FunctionInfo? FindScalar(string name) =>
        Array.Find(Scalars, f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Decides whether a call is an aggregate: every aggregate name, except Min/Max with two
    /// arguments, which are NCalc's scalar min/max.
    /// </summary>
    public static bool IsAggregateCall(CallNode call)
    {
        var aggregate = FindAggregate(call.Name);
        if (aggregate is null)
        {
            return false;
        }

        return aggregate.Aggregate is not (AggregateKind.Min or AggregateKind.Max) || call.Arguments.Count < 2;
    }
}
