using System.Globalization;
using KpiEngine.Benchmarks;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>The status of one value, why it is not an ordinary verdict, and the bands it was judged against.</summary>
internal readonly record struct StatusVerdict(BenchmarkStatus? Status, string? Reason, JudgedBands? Bands);

/// <summary>
/// Judges reported values against their benchmarks so that a status can be trusted: at the run's grain
/// (<see cref="GrainConversion"/>), never on a partial period, and only on enough data (<see cref="SampleRule"/>).
/// Built once per run; resolves each KPI's minimum sample against the plan and reports rules that cannot be counted.
/// </summary>
internal sealed class StatusJudge
{
    private readonly Dictionary<MetricNode, Rule> _rules = [];

    private StatusJudge()
    {
    }

    /// <summary>What is counted for a KPI's sample: a node's value <paramref name="Shift"/> periods away, or a dataset's rows.</summary>
    private sealed record Counted(SampleRule Rule, MetricNode? Node, int Shift, string? Dataset);

    private sealed record Rule(KpiDefinition Kpi, JudgedBands? Bands, string? NotJudged, Counted? Sample);

    /// <summary>Resolves the bands and minimum sample of every reported KPI with a benchmark at <paramref name="grain"/>.</summary>
    public static StatusJudge Create(KpiSet set, ClientPlan plan, Grain grain, DiagnosticBag diagnostics)
    {
        var judge = new StatusJudge();
        var read = plan.DatasetsRead();
        foreach (var node in plan.Reported)
        {
            if (node.Kpi is not { } kpi || !set.Benchmarks.TryGetValue(node.Name, out var benchmark))
            {
                continue;
            }

            var bands = GrainConversion.Convert(benchmark, kpi.Scaling, kpi.Unit, grain, out var notJudged);
            var rule = benchmark.MinSample ?? kpi.MinSample ?? SampleRule.Default;
            var sample = rule.AtLeast > 0 ? Resolve(node, rule, plan, read.GetValueOrDefault(node) ?? [], diagnostics) : null;
            judge._rules[node] = new Rule(kpi, bands, notJudged, sample);
        }

        return judge;
    }

    /// <summary>The sample rule that applies to a KPI, as written or the default, for explaining it; null without a benchmark.</summary>
    public static SampleRule? RuleOf(KpiSet set, string id) =>
        set.Benchmarks.TryGetValue(id, out var benchmark) ? benchmark.MinSample ?? set.Kpis.FirstOrDefault(k => k.Id == id)?.MinSample ?? SampleRule.Default : null;

    /// <summary>
    /// The verdict on <paramref name="node"/>'s <paramref name="value"/> in <paramref name="period"/>: none without a benchmark
    /// or value; no status with a reason when the bands cannot be carried to the grain; insufficient data on a partial period or
    /// below the minimum sample; else good, warning or poor against the (converted) bands.
    /// </summary>
    public StatusVerdict Judge(MetricNode node, int period, KpiValue value, bool partial, Func<MetricNode, int, KpiValue> valueOf, Func<string, int, long> rowsOf, Func<int, string> label)
    {
        if (!_rules.TryGetValue(node, out var rule) || !value.IsDefined)
        {
            return default;
        }

        if (rule.Bands is not { } bands)
        {
            return new StatusVerdict(null, rule.NotJudged, null);
        }

        if (partial)
        {
            return new StatusVerdict(BenchmarkStatus.InsufficientData, "partial period: the value reads a period its data does not cover entirely (the data starts or ends inside it)", bands);
        }

        if (rule.Sample is { } sample && Shortfall(sample, period, valueOf, rowsOf, label) is { } shortfall)
        {
            return new StatusVerdict(BenchmarkStatus.InsufficientData, shortfall, bands);
        }

        return new StatusVerdict(bands.Rate(value.AsNullable(), rule.Kpi.Direction), null, bands);
    }

    private static string? Shortfall(Counted sample, int period, Func<MetricNode, int, KpiValue> valueOf, Func<string, int, long> rowsOf, Func<int, string> label)
    {
        var least = Number(sample.Rule.AtLeast);
        if (sample.Dataset is { } dataset)
        {
            var rows = rowsOf(dataset, period);
            return rows < sample.Rule.AtLeast ? string.Create(CultureInfo.InvariantCulture, $"{rows} rows of dataset '{dataset}', fewer than {least}") : null;
        }

        var counted = valueOf(sample.Node!, period + sample.Shift);
        var when = sample.Shift == 0 ? string.Empty : $" in {label(period + sample.Shift)}";
        if (!counted.IsDefined)
        {
            return $"the sample, {sample.Node!.Name}{when}, is undefined: {counted.Reason}";
        }

        return counted.Number < sample.Rule.AtLeast ? $"{Number(counted.Number)} {sample.Node!.Name}{when}, fewer than {least}" : null;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>What <paramref name="rule"/> counts for KPI <paramref name="node"/>; null (KPI1060 unless it is the default) when nothing can be counted.</summary>
    private static Counted? Resolve(MetricNode node, SampleRule rule, ClientPlan plan, string[] datasetsRead, DiagnosticBag diagnostics)
    {
        var owner = $"KPI '{node.Name}'";
        switch (rule.Source)
        {
            case SampleSource.Input when plan.Nodes.TryGetValue(rule.Name!, out var target) && target.Kind != MetricKind.Parameter:
                return new Counted(rule, target, 0, null);
            case SampleSource.Input:
                diagnostics.Add(DiagnosticCatalog.SampleNotCountable, $"The minimum sample of {owner} counts '{rule.Name}', which is no input or KPI of the client.", rule.Span,
                    NameSuggestions.DidYouMean(rule.Name!, plan.Nodes.Values.Where(n => n.Kind != MetricKind.Parameter).Select(n => n.Name)) ?? "Name an input or KPI the client has.");
                return null;
            case SampleSource.Rows when datasetsRead.Contains(rule.Name, StringComparer.Ordinal):
                return new Counted(rule, null, 0, rule.Name);
            case SampleSource.Rows:
                diagnostics.Add(DiagnosticCatalog.SampleNotCountable, $"The minimum sample of {owner} counts the rows of dataset '{rule.Name}', which {owner} does not read.", rule.Span,
                    NameSuggestions.DidYouMean(rule.Name!, datasetsRead) ?? (datasetsRead.Length > 0 ? $"It reads: {string.Join(", ", datasetsRead)}." : "Count an input instead: 'min_sample: { input: NAME, at_least: N }'."));
                return null;
        }

        var denominator = Denominator(node, plan);
        if (rule.IsDefault)
        {
            return denominator is { IsCount: true } counted ? new Counted(rule, counted.Node, counted.Shift, counted.Dataset) : null;
        }

        if (denominator is { } found)
        {
            return new Counted(rule, found.Node, found.Shift, found.Dataset);
        }

        diagnostics.Add(DiagnosticCatalog.SampleNotCountable,
            $"'min_sample: {Number(rule.AtLeast)}' counts the value {owner} divides by, but its formula does not divide by one name (or by an aggregate of its own dataset).",
            rule.Span,
            "Name what to count: 'min_sample: { input: orders, at_least: 30 }' or 'min_sample: { rows: orders, at_least: 30 }'.");
        return null;
    }

    private readonly record struct DenominatorOf(MetricNode? Node, int Shift, string? Dataset, bool IsCount);

    /// <summary>
    /// What the KPI's formula divides by, once constant factors (<c>* 100</c>) are set aside: a name (<c>[orders]</c>), a
    /// name in an earlier period (<c>Prev([customers])</c>), or an aggregate of the KPI's own dataset (its rows are counted).
    /// </summary>
    private static DenominatorOf? Denominator(MetricNode node, ClientPlan plan)
    {
        if (node.Formula is not { } formula || Parse(formula) is not { } root || Strip(root) is not BinaryNode { Operator: BinaryOperator.Divide } division)
        {
            return null;
        }

        switch (Strip(division.Right))
        {
            case NameNode name when plan.Nodes.TryGetValue(name.Name, out var target) && target.Kind != MetricKind.Parameter:
                return new DenominatorOf(target, 0, null, Counts(target));
            case CallNode { Name: "Prev", Arguments: [NameNode name, ..] arguments } when plan.Nodes.TryGetValue(name.Name, out var target) && target.Kind != MetricKind.Parameter:
                var back = arguments.Count == 1 ? 1 : arguments[1] is NumberLiteral { Value: var n } && n >= 1 && n == Math.Floor(n) ? (int)n : 0;
                return back > 0 ? new DenominatorOf(target, -back, null, Counts(target)) : null;
            case CallNode call when node.Dataset is { } dataset && FunctionCatalog.IsAggregateCall(call):
                return new DenominatorOf(null, 0, dataset, call is { Name: "Count", Arguments.Count: 0 });
            default:
                return null;
        }
    }

    /// <summary>True for a value that counts things: an input that is a Count, CountIf or DistinctCount, or a KPI of unit count.</summary>
    private static bool Counts(MetricNode target) =>
        target.Kpi?.Unit == KpiUnit.Count
        || (target.Kind == MetricKind.Input && target.Formula is { } formula && Parse(formula) is CallNode { Name: "Count" or "CountIf" or "DistinctCount" });

    private static FormulaNode? Parse(FormulaSource formula) => FormulaParser.Parse(formula, "the formula", new DiagnosticBag());

    /// <summary>The expression without constant factors and signs: <c>[a] / [b] * 100</c> is <c>[a] / [b]</c>.</summary>
    private static FormulaNode Strip(FormulaNode node) => node switch
    {
        BinaryNode { Operator: BinaryOperator.Multiply, Left: NumberLiteral } product => Strip(product.Right),
        BinaryNode { Operator: BinaryOperator.Multiply or BinaryOperator.Divide, Right: NumberLiteral } product => Strip(product.Left),
        UnaryNode { Operator: UnaryOperator.Negate } negated => Strip(negated.Operand),
        _ => node,
    };
}
