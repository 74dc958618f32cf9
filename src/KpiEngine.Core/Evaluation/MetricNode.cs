using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Plugins;

namespace KpiEngine.Evaluation;

/// <summary>What a name in a formula stands for.</summary>
internal enum MetricKind
{
    Parameter,
    Input,
    Kpi,
}

/// <summary>
/// One named value of a client's dependency graph: a parameter, an input or a KPI, with its
/// compiled formula and the global aggregate slots its formula's aggregates map to.
/// </summary>
internal sealed class MetricNode
{
    public MetricNode(string name, MetricKind kind, SourceSpan span)
    {
        Name = name;
        Kind = kind;
        Span = span;
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    public SourceSpan Span { get; }

    /// <summary>The KPI definition for <see cref="MetricKind.Kpi"/>.</summary>
    public KpiDefinition? Kpi { get; init; }

    /// <summary>The input definition for <see cref="MetricKind.Input"/>.</summary>
    public InputDefinition? Input { get; init; }

    /// <summary>The constant for <see cref="MetricKind.Parameter"/>.</summary>
    public double ParameterValue { get; init; }

    /// <summary>The dataset the formula aggregates, if any.</summary>
    public string? Dataset { get; init; }

    /// <summary>The formula source, if the node has one.</summary>
    public FormulaSource? Formula => Kpi?.Formula ?? Input?.Formula;

    /// <summary>The compiled formula; null for parameters, plugin KPIs and formulas that failed to compile.</summary>
    public CompiledFormula? Compiled { get; set; }

    /// <summary>The plugin metric that computes this KPI, when it is a plugin KPI that bound successfully.</summary>
    public IPluginMetricBinding? Plugin { get; set; }

    /// <summary>The plugin's values per period and dimension combination, once the scan is complete.</summary>
    public IReadOnlyDictionary<(int Period, int Combination), KpiValue>? PluginValues { get; set; }

    /// <summary>For each of <see cref="Compiled"/>'s aggregates, its slot in the dataset's deduplicated aggregate list.</summary>
    public int[] AggregateSlots { get; set; } = [];

    /// <summary>The nodes this one reads, resolved from the formula's references.</summary>
    public List<MetricNode> Dependencies { get; } = [];

    /// <summary>
    /// For each of <see cref="Compiled"/>'s references, the node it names when that node is computed
    /// (it has an <see cref="Order"/>); null where the name is not. Resolved once per plan, so a value
    /// reads the values it names by position instead of looking each name up per period.
    /// </summary>
    public MetricNode?[] ReferenceTargets { get; set; } = [];

    /// <summary>
    /// Where this node's time function calls start among all computed nodes' calls (one after
    /// another in <see cref="Order"/>): a call's remembered values are kept at this plus its index.
    /// </summary>
    public int FirstTimeCall { get; set; }

    /// <summary>
    /// Where the first period each of this node's values read is kept among the nodes whose values can
    /// read another period (a time function or <c>Cohort(x)</c> in the formula or in a value it names); -1 when every
    /// value reads only its own period, which is then the first it read.
    /// </summary>
    public int ReachSlot { get; set; } = -1;

    /// <summary>References that name nothing; reported only if the node is needed.</summary>
    public List<NameReference> UnresolvedReferences { get; } = [];

    /// <summary>The position in evaluation order; values of a period are stored by it.</summary>
    public int Order { get; set; } = -1;

    /// <summary>True when the node failed validation; it and its dependents are not evaluated.</summary>
    public bool Invalid { get; set; }

    /// <summary>A human label: <c>KPI 'aov'</c>, <c>input 'visits'</c>, <c>parameter 'margin'</c>.</summary>
    public string Label => Kind switch
    {
        MetricKind.Kpi => $"KPI '{Name}'",
        MetricKind.Input => $"input '{Name}'",
        _ => $"parameter '{Name}'",
    };
}
