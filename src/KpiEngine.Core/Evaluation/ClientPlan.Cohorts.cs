using System.Text.RegularExpressions;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Evaluation;

/// <summary>
/// One cohort assignment of a run: who the entities are (<see cref="Entity"/>), which rows decide
/// their start (<see cref="Dataset"/>), and the start per entity (<see cref="Starts"/>, computed in
/// that dataset's scan). Cohort KPIs with the same <c>cohort:</c> share it.
/// </summary>
internal sealed class CohortPlan(CohortDefinition definition, DatasetPlan dataset, DerivedDataset starts)
{
    public CohortDefinition Definition { get; } = definition;

    /// <summary>The dataset whose rows give each entity's start.</summary>
    public DatasetPlan Dataset { get; } = dataset;

    /// <summary>The entity column.</summary>
    public string Entity => Definition.Entity;

    /// <summary>The start per entity: a derived table by the entity with one date column.</summary>
    public DerivedDataset Starts { get; } = starts;

    /// <summary>The cohort KPIs that use this assignment, in plan order.</summary>
    public List<MetricNode> Kpis { get; } = [];
}

/// <summary>Cohort KPIs (<c>cohort:</c>): their dataset, entity column and start, checked where they are written.</summary>
internal sealed partial class ClientPlan
{
    /// <summary>The cohort assignments the needed cohort KPIs use, one per distinct <c>cohort:</c>.</summary>
    public List<CohortPlan> Cohorts { get; } = [];

    /// <summary>The cohort assignment of a KPI; null for a KPI reported per period.</summary>
    public CohortPlan? CohortOf(MetricNode node) => Cohorts.Find(c => c.Kpis.Contains(node));

    private void PlanCohorts(DiagnosticBag diagnostics)
    {
        var read = DatasetsRead();
        var parameters = Set.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        foreach (var node in Order.Where(n => n.Kpi?.Cohort is not null))
        {
            var definition = node.Kpi!.Cohort!;
            if (node.Kpi.Plugin is { } plugin)
            {
                // Checked before sharing: a plugin KPI must not slip into the assignment of a formula KPI with the same cohort.
                diagnostics.Add(DiagnosticCatalog.BadCohort, $"KPI '{node.Name}' is plugin metric '{plugin.Plugin}/{plugin.Metric}', which cannot be split by cohort.", definition.Span,
                    "Remove 'cohort:': name one of the metric's cohort outputs (such as cohort/retention's retention_by_age), which a plugin reports per cohort and age itself, or compute the KPI with a formula over inputs.");
                node.Invalid = true;
                continue;
            }

            if (Cohorts.Find(c => c.Definition.Key == definition.Key && c.Kpis.All(k => SameDataset(k, node))) is { } shared)
            {
                shared.Kpis.Add(node);
                continue;
            }

            if (Plan(node, definition, read[node], parameters, diagnostics) is { } cohort)
            {
                cohort.Kpis.Add(node);
                Cohorts.Add(cohort);
            }
            else
            {
                node.Invalid = true;
            }
        }

        CheckCohortCalls(diagnostics);

        // A KPI without its own cohort dataset takes it from what it reads, so two such KPIs share an assignment only when that agrees.
        bool SameDataset(MetricNode a, MetricNode b) => a.Kpi!.Cohort!.Dataset is not null || read[a].SequenceEqual(read[b]);
    }

    private CohortPlan? Plan(MetricNode node, CohortDefinition definition, string[] reads, IReadOnlyDictionary<string, double> parameters, DiagnosticBag diagnostics)
    {
        var owner = $"KPI '{node.Name}'";
        if (reads.Length > 0 && reads.All(name => FindDataset(name) is not { Schema: not null }))
        {
            return null; // the datasets' own problems are reported where they are declared
        }

        var datasetName = definition.Dataset ?? node.Dataset ?? (reads.Length == 1 ? reads[0] : null);
        if (datasetName is null)
        {
            diagnostics.Add(DiagnosticCatalog.CohortDataset,
                reads.Length == 0
                    ? $"{owner} has a cohort but reads no dataset, so nothing says when each {definition.Entity} starts."
                    : $"{owner} reads several datasets ({string.Join(", ", reads)}), so its cohort must say which one's rows decide when each {definition.Entity} starts.",
                definition.Span,
                $"Add dataset: to the cohort, for example cohort: {{ entity: {definition.Entity}, dataset: {(reads.Length > 0 ? reads[0] : "orders")} }}.");
            return null;
        }

        if (FindDataset(datasetName) is not { } dataset)
        {
            diagnostics.Add(DiagnosticCatalog.CohortDataset, $"The cohort of {owner} names dataset '{datasetName}', which client '{Set.ClientId}' does not declare.",
                definition.DatasetSpan ?? definition.Span,
                NameSuggestions.DidYouMean(datasetName, Datasets.Select(d => d.Name)) ?? $"The datasets are: {string.Join(", ", Datasets.Select(d => d.Name))}.");
            return null;
        }

        if (dataset.Schema is not { } schema)
        {
            return null;
        }

        var valid = true;
        if (schema.Find(definition.Entity) is not { } entity)
        {
            diagnostics.Add(DiagnosticCatalog.CohortEntity, $"The cohort of {owner} follows '{definition.Entity}', but dataset '{dataset.Name}' has no such column.",
                definition.EntitySpan,
                NameSuggestions.DidYouMean(definition.Entity, schema.Columns.Select(c => c.Name)) ?? $"The columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
            return null;
        }

        if (entity.Type is not (ColumnType.Text or ColumnType.Number))
        {
            diagnostics.Add(DiagnosticCatalog.CohortEntity, $"The cohort of {owner} follows '{definition.Entity}', a {entity.Type.ToString().ToLowerInvariant()} column of dataset '{dataset.Name}'; an entity is named by text or a number.",
                definition.EntitySpan, "Follow the column that names who is followed, such as customer_id.");
            valid = false;
        }

        foreach (var other in reads.Select(FindDataset).OfType<DatasetPlan>().Where(d => d.Schema is not null && d.Schema.Find(definition.Entity) is null))
        {
            diagnostics.Add(DiagnosticCatalog.CohortUnsplittable,
                $"{owner} is split by the cohort of each {definition.Entity}, but it reads dataset '{other.Name}', which has no column '{definition.Entity}'.",
                definition.EntitySpan,
                $"Borrow '{definition.Entity}' into '{other.Name}', or compute {owner} from datasets that have it.");
            valid = false;
        }

        if (StartFormula(owner, definition, schema, diagnostics) is not { } start)
        {
            return null;
        }

        var scope = new FormulaScope { Owner = $"the cohort start of {owner}", Dataset = schema, Names = [.. parameters.Keys], Parameters = parameters };
        var errors = diagnostics.ErrorCount;
        if (new FormulaCompiler().Compile(start, scope, diagnostics) is not { } compiled || diagnostics.ErrorCount > errors)
        {
            return null;
        }

        var startsDefinition = new DatasetDefinition($"{dataset.Name}.{definition.Entity}.start", dataset.Definition.Path, dataset.Definition.Format, "start", [], "invariant", [], ',', null, null, definition.Span)
        {
            Derived = new DerivedDatasetDefinition(dataset.Name, definition.Entity, [new DerivedColumnDefinition("start", start, start.Span)], definition.Span, definition.Span),
        };
        var startDiagnostics = new DiagnosticBag();
        if (compiled.References.Any(r => !parameters.ContainsKey(r.Name)) || DerivedDataset.Create(startsDefinition, schema, parameters, startDiagnostics) is not { } starts)
        {
            diagnostics.Add(DiagnosticCatalog.CohortStart,
                $"The cohort start of {owner} ('{start.Text}') is not a date per {definition.Entity}: it must be Min or Max of one date column of dataset '{dataset.Name}'.",
                start.Span,
                $"Write for example start: \"Min([{schema.TimeColumn?.Name ?? "signed_up_at"}])\", or a date column's name for its earliest value.");
            return null;
        }

        return valid ? new CohortPlan(definition, dataset, starts) : null;
    }

    /// <summary>The start as an aggregate: <c>Min</c> of the dataset's time column by default, of a column when only its name is written.</summary>
    private static FormulaSource? StartFormula(string owner, CohortDefinition definition, DatasetSchema schema, DiagnosticBag diagnostics)
    {
        if (definition.Start is { } written)
        {
            return BareName().IsMatch(written.Text.Trim()) ? written with { Text = $"Min([{written.Text.Trim().Trim('[', ']')}])", TextColumn = 0 } : written;
        }

        if (schema.TimeColumn is { } time)
        {
            return FormulaSource.FromText($"Min([{time.Name}])", definition.Span.File) with { Span = definition.Span, TextColumn = 0 };
        }

        diagnostics.Add(DiagnosticCatalog.CohortStart,
            $"The cohort of {owner} has no start, and dataset '{schema.Name}' has no time column to take each {definition.Entity}'s first row from.",
            definition.Span,
            "Add start: with the date each entity starts, e.g. start: signed_up_at, or give the dataset a time column.");
        return null;
    }

    /// <summary>
    /// <c>Cohort(x)</c> reads a cohort's age 0, so it means something only where values are computed
    /// per cohort: in a cohort KPI or in a name a cohort KPI uses. Anywhere else it is an error at the call.
    /// </summary>
    private void CheckCohortCalls(DiagnosticBag diagnostics)
    {
        var withinCohort = new HashSet<MetricNode>();
        void Mark(MetricNode node)
        {
            if (withinCohort.Add(node))
            {
                node.Dependencies.ForEach(Mark);
            }
        }

        foreach (var node in Order.Where(n => n.Kpi?.Cohort is not null))
        {
            Mark(node);
        }

        // Only formulas whose text names Cohort are parsed again to find the call.
        foreach (var node in Order.Where(n => n.Formula is not null && n.Compiled is not null && !withinCohort.Contains(n)
            && n.Formula.Text.Contains("Cohort", StringComparison.OrdinalIgnoreCase)))
        {
            if (FormulaParser.Parse(node.Formula!, node.Label, new DiagnosticBag()) is { } tree && FindCall(tree, "Cohort") is { } call)
            {
                diagnostics.Add(DiagnosticCatalog.CohortOutsideCohort,
                    $"{node.Label} uses Cohort(...), which reads the value at a cohort's age 0, but it is not a cohort KPI and no cohort KPI uses it.",
                    node.Formula!.Locate(call.Start, call.End - call.Start),
                    $"Add a cohort: block to {node.Label} (cohort: {{ entity: customer_id }}), or remove Cohort(...).");
                node.Invalid = true;
            }
        }
    }

    private static CallNode? FindCall(FormulaNode node, string name) => node switch
    {
        CallNode call when string.Equals(call.Name, name, StringComparison.OrdinalIgnoreCase) => call,
        CallNode call => call.Arguments.Select(a => FindCall(a, name)).FirstOrDefault(c => c is not null),
        UnaryNode unary => FindCall(unary.Operand, name),
        BinaryNode binary => FindCall(binary.Left, name) ?? FindCall(binary.Right, name),
        ConditionalNode conditional => FindCall(conditional.Condition, name) ?? FindCall(conditional.WhenTrue, name) ?? FindCall(conditional.WhenFalse, name),
        _ => null,
    };

    [GeneratedRegex(@"^\[?[A-Za-z_][A-Za-z0-9_]*\]?$")]
    private static partial Regex BareName();
}
