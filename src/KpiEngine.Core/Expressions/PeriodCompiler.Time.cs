using System.Runtime.CompilerServices;
using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Expressions;

/// <summary>
/// Time functions: the first argument is any period-level expression, evaluated at other periods
/// through <see cref="IFormulaEnvironment.Time"/>. They never read before the first period the
/// value has data for; a window that would is undefined with a reason naming the periods.
/// </summary>
internal sealed partial class PeriodCompiler
{
    private const int MaxPeriodCount = 1000;

    private readonly List<TimeCall> _timeCalls = [];

    public IReadOnlyList<TimeCall> TimeCalls => _timeCalls;

    /// <summary>True when the formula reads values of other periods (a time function or <c>Cohort(x)</c>; both read them through <see cref="At"/>).</summary>
    public bool ReadsOtherPeriods { get; private set; }

    private PeriodTerm? CompileTime(CallNode call, FunctionInfo function, List<PeriodTerm> arguments)
    {
        var argumentNode = call.Arguments[0];
        var value = Number(arguments[0], argumentNode, function.Name);
        var count = call.Arguments.Count == 2 ? PeriodCount(call.Arguments[1], function) : 1;
        if (value is null || count is not { } n)
        {
            return null;
        }

        var name = function.Name;
        var sums = name is "RollingSum" or "Cumulative" or "YTD" or "QTD" or "MTD";
        var text = context.Text(call);
        var argument = context.Text(argumentNode);
        var names = new List<string>();
        CollectNames(argumentNode, names);
        ReadsOtherPeriods = true;
        var slot = _timeCalls.Count;
        _timeCalls.Add(new TimeCall(name, text, context.Source.Locate(call.Start, call.Length), names, sums));

        Func<IFormulaEnvironment, ITimeAxis, KpiValue> evaluate = name switch
        {
            "Prev" => (e, t) => Previous(value, t, n, argument),
            "Change" => (e, t) => Compare(value, e, t, n, argument, percent: false),
            "Growth" => (e, t) => Compare(value, e, t, n, argument, percent: true),
            "RollingSum" or "RollingAvg" => (e, t) => t.Period - n + 1 < t.DataStart
                ? KpiValue.Undefined($"{text} for {Label(t, t.Period)} needs {Label(t, t.Period - n + 1)} to {Label(t, t.Period)}, but data starts {Label(t, t.DataStart)}")
                : Sum(value, e, t, t.Period - n + 1, argument, name == "RollingAvg"),
            "Cumulative" => (e, t) => t.Period < t.DataStart
                ? KpiValue.Undefined($"{Label(t, t.Period)} is before data starts ({Label(t, t.DataStart)})")
                : Sum(value, e, t, t.DataStart, argument, average: false),
            _ => (e, t) => ToDate(value, e, t, name, text, argument),
        };
        return new PeriodTerm(
            [MethodImpl(HotPath.Options)] (e) =>
            {
                if (e.Time is not { } time)
                {
                    return KpiValue.Undefined($"{text} needs periods, but this value has none");
                }

                if (time.Calendar.Grain == Grain.All)
                {
                    return KpiValue.Undefined($"{text} reads other periods, but grain 'all' has one period covering all the data");
                }

                var result = time.Remember(slot, time.Period, evaluate, e);
                time.Observe(text, time.Period, result);
                return result;
            },
            null);
    }

    private static string Label(ITimeAxis time, int period) => time.Calendar.Label(period);

    /// <summary>
    /// The argument at another period; an undefined value there says which period. The only way a
    /// formula reads another period: whatever calls it sets <see cref="ReadsOtherPeriods"/>.
    /// </summary>
    private static KpiValue At(Func<IFormulaEnvironment, KpiValue> value, IFormulaEnvironment current, ITimeAxis time, int period, string argument)
    {
        if (period == time.Period)
        {
            return value(current);
        }

        var result = value(time.At(period));
        time.Observe(argument, period, result);
        return result.IsDefined ? result : KpiValue.Undefined($"{argument} is undefined in {Label(time, period)}: {result.Reason}");
    }

    private static KpiValue Previous(Func<IFormulaEnvironment, KpiValue> value, ITimeAxis time, int count, string argument)
    {
        var target = time.Period - count;
        if (target < time.DataStart)
        {
            if (time.CohortStart is { } cohort && target < cohort)
            {
                // Within a cohort, periods are ages: nothing comes before the cohort's age 0.
                var age = time.Period - cohort;
                return KpiValue.Undefined(count == 1 && age == 0
                    ? "age 0 has no previous age"
                    : $"age {age} has no age {count} before it (age 0 is the cohort's first)");
            }

            var which = count == 1 ? "no previous period" : $"no period {count} periods before";
            return KpiValue.Undefined($"{which} for {Label(time, time.Period)} (data starts {Label(time, time.DataStart)})");
        }

        return At(value, null!, time, target, argument);
    }

    private static KpiValue Compare(Func<IFormulaEnvironment, KpiValue> value, IFormulaEnvironment current, ITimeAxis time, int count, string argument, bool percent)
    {
        var now = value(current);
        if (!now.IsDefined)
        {
            return now;
        }

        var before = Previous(value, time, count, argument);
        if (!before.IsDefined)
        {
            return before;
        }

        if (!percent)
        {
            return KpiValue.Of(now.Number - before.Number);
        }

        return before.Number == 0
            ? KpiValue.Undefined($"no growth from 0: {argument} is 0 in {Label(time, time.Period - count)}")
            : KpiValue.Of((now.Number - before.Number) / Math.Abs(before.Number) * 100);
    }

    private static KpiValue Sum(Func<IFormulaEnvironment, KpiValue> value, IFormulaEnvironment current, ITimeAxis time, int from, string argument, bool average)
    {
        var sum = default(CompensatedSum);
        for (var period = from; period <= time.Period; period++)
        {
            var item = At(value, current, time, period, argument);
            if (!item.IsDefined)
            {
                return period == time.Period ? KpiValue.Undefined($"{argument} is undefined in {Label(time, period)}: {item.Reason}") : item;
            }

            sum.Add(item.Number);
        }

        return KpiValue.Of(average ? sum.Value / (time.Period - from + 1) : sum.Value);
    }

    private static KpiValue ToDate(Func<IFormulaEnvironment, KpiValue> value, IFormulaEnvironment current, ITimeAxis time, string name, string text, string argument)
    {
        var unit = name switch
        {
            "YTD" => Grain.Year,
            "QTD" => Grain.Quarter,
            _ => Grain.Month,
        };
        var first = time.Calendar.FirstInSame(unit, time.Period);
        if (first < time.DataStart)
        {
            return KpiValue.Undefined($"{text} for {Label(time, time.Period)} needs {Label(time, first)} to {Label(time, time.Period)}, but data starts {Label(time, time.DataStart)}");
        }

        return Sum(value, current, time, first, argument, average: false);
    }

    /// <summary>The number of periods: a whole number literal from 1 to 1000 (KPI2013 otherwise).</summary>
    private int? PeriodCount(FormulaNode node, FunctionInfo function)
    {
        if (node is NumberLiteral { Value: var count } && count == Math.Floor(count) && count is >= 1 and <= MaxPeriodCount)
        {
            return (int)count;
        }

        context.Report(
            DiagnosticCatalog.BadPeriodCount,
            $"{function.Name}'s number of periods must be a whole number from 1 to {MaxPeriodCount}, written as a number, not {context.Text(node)}.",
            node,
            $"Example: {function.Example}.");
        return null;
    }

    /// <summary>The names an expression reads outside aggregates.</summary>
    internal static void CollectNames(FormulaNode node, List<string> names)
    {
        switch (node)
        {
            case NameNode name when !names.Contains(name.Name):
                names.Add(name.Name);
                break;
            case CallNode call when !FunctionCatalog.IsAggregateCall(call):
                foreach (var argument in call.Arguments)
                {
                    CollectNames(argument, names);
                }

                break;
            case UnaryNode unary:
                CollectNames(unary.Operand, names);
                break;
            case BinaryNode binary:
                CollectNames(binary.Left, names);
                CollectNames(binary.Right, names);
                break;
            case ConditionalNode conditional:
                CollectNames(conditional.Condition, names);
                CollectNames(conditional.WhenTrue, names);
                CollectNames(conditional.WhenFalse, names);
                break;
        }
    }
}
