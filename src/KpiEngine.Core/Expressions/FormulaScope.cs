
namespace KpiEngine.Expressions;

/// <summary>What a formula can see: who owns it (for messages), its dataset, and the names known outside aggregates.</summary>
internal sealed class FormulaScope
{
    /// <summary>Names the owner in every message: <c>KPI 'aov'</c>, <c>input 'visits'</c>, <c>filter of dataset 'orders'</c>.</summary>
    public required string Owner { get; init; }

    /// <summary>The columns visible inside aggregates; null when aggregates are not allowed.</summary>
    public DatasetSchema? Dataset { get; init; }

    /// <summary>KPIs, inputs and parameters known outside aggregates (used for hints and scope errors only).</summary>
    public IReadOnlyCollection<string> Names { get; init; } = [];

    /// <summary>Parameters usable inside aggregates as constants when no column has that name.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// True for a derived column whose whole formula is one <c>FirstBy</c>/<c>LastBy</c> call: only
    /// there may the value be text (the region of a customer's first order); elsewhere values are numbers.
    /// </summary>
    public bool AllowsTextAggregate { get; init; }
}
