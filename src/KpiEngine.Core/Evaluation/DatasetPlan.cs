using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Expressions;
using KpiEngine.Plugins;

namespace KpiEngine.Evaluation;

/// <summary>
/// One dataset's part of a client plan: its schema, the lenders it borrows from, its row
/// filter, and the deduplicated aggregates every needed formula asks of it, so the dataset
/// is scanned once for all of them.
/// </summary>
internal sealed class DatasetPlan
{
    private readonly Dictionary<string, int> _slotByKey = new(StringComparer.Ordinal);

    public DatasetPlan(DatasetDefinition definition, DatasetSchema? schema, IReadOnlyList<DatasetPlan>? lenders)
    {
        Definition = definition;
        Schema = schema;
        Lenders = lenders ?? [];
        Invalid = schema is null;
    }

    public DatasetDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>The schema; null when the dataset could not be read (its problems are reported).</summary>
    public DatasetSchema? Schema { get; }

    /// <summary>
    /// When <see cref="Schema"/> is null because only the time column is unusable, the columns the
    /// dataset does have: formulas over it are compiled against them so their own errors are reported
    /// in the same run, but nothing is scanned.
    /// </summary>
    public DatasetSchema? CheckSchema { get; init; }

    /// <summary>The datasets this one borrows columns from, one per entry of <see cref="DatasetDefinition.Borrows"/> (empty when it cannot be read).</summary>
    public IReadOnlyList<DatasetPlan> Lenders { get; }

    /// <summary>The dataset a derived dataset is computed from.</summary>
    public DatasetPlan? Source { get; init; }

    /// <summary>The compiled derived dataset, when this one is computed from <see cref="Source"/>.</summary>
    public DerivedDataset? Derived { get; init; }

    /// <summary>The compiled row filter, if any.</summary>
    public RowPredicate? Filter { get; set; }

    /// <summary>True when the dataset cannot be scanned.</summary>
    public bool Invalid { get; set; }

    /// <summary>The distinct aggregates to compute, by slot.</summary>
    public List<AggregateSpec> Aggregates { get; } = [];

    /// <summary>Plugin metrics that read this dataset's rows during its scan.</summary>
    public List<IPluginMetricBinding> PluginBindings { get; } = [];

    /// <summary>Adds an aggregate (or finds an equal one) and returns its slot.</summary>
    public int AddAggregate(AggregateSpec spec)
    {
        if (!_slotByKey.TryGetValue(spec.Key, out var slot))
        {
            slot = Aggregates.Count;
            Aggregates.Add(spec);
            _slotByKey[spec.Key] = slot;
        }

        return slot;
    }
}
