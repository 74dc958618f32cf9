namespace KpiEngine.Definitions;

/// <summary>
/// A named set of KPIs with default benchmarks for one kind of offer (physical products,
/// services, subscriptions, premium), read from <c>kpi-definitions/profiles/&lt;id&gt;.yaml</c>.
/// Everything here is already merged with the profile it extends.
/// </summary>
/// <param name="Id">The profile id (<c>subscription</c>).</param>
/// <param name="Name">The display name.</param>
/// <param name="SourceFile">The profile file's absolute path.</param>
/// <param name="Base">The profile it extends, resolved; null when it extends none.</param>
/// <param name="Includes">The absolute paths of the catalog files it includes, its base's first.</param>
/// <param name="Kpis">The KPI ids it reports by default, its base's first.</param>
/// <param name="Benchmarks">Its benchmarks, its own replacing its base's per KPI, in KPI order of first mention.</param>
public sealed record OfferProfile(
    string Id,
    string Name,
    string SourceFile,
    OfferProfile? Base,
    IReadOnlyList<string> Includes,
    IReadOnlyList<string> Kpis,
    IReadOnlyList<Benchmark> Benchmarks)
{
    /// <summary>The profile's <c>scorecard:</c>, or its base's when it has none; null when neither has one.</summary>
    public ScorecardDefinition? Scorecard { get; init; }
}
