using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// One client's complete, resolved KPI configuration: what the engine evaluates. Built from a
/// client file and everything it includes; the evaluator never sees YAML.
/// </summary>
/// <param name="ClientId">The client's id (file-name safe).</param>
/// <param name="Name">The client's display name.</param>
/// <param name="SourceFile">The client file's absolute path.</param>
/// <param name="Currency">An ISO currency code for display, if given.</param>
/// <param name="Datasets">The datasets, in declaration order.</param>
/// <param name="Inputs">The bound inputs, in declaration order.</param>
/// <param name="Parameters">The parameters, in declaration order.</param>
/// <param name="Kpis">Every KPI available: included catalog KPIs, with client overrides applied, then client KPIs.</param>
/// <param name="Selected">The ids of the KPIs to report, in report order.</param>
/// <param name="Includes">The absolute paths of all included files, in load order.</param>
/// <param name="PluginFolders">Absolute paths of plugin folders the client file names (besides <c>plugins/</c> and <c>--plugins</c>).</param>
public sealed record KpiSet(
    string ClientId,
    string Name,
    string SourceFile,
    string? Currency,
    IReadOnlyList<DatasetDefinition> Datasets,
    IReadOnlyList<InputDefinition> Inputs,
    IReadOnlyList<ParameterDefinition> Parameters,
    IReadOnlyList<KpiDefinition> Kpis,
    IReadOnlyList<string> Selected,
    IReadOnlyList<string> Includes,
    IReadOnlyList<string> PluginFolders)
{
    /// <summary>The client's fiscal year start and week start (<c>calendar:</c>); calendar years and ISO weeks by default.</summary>
    public Time.CalendarSettings Calendar { get; init; } = Time.CalendarSettings.Default;

    /// <summary>The client's goals (<c>goals:</c>), templates filled in, in file order.</summary>
    public IReadOnlyList<GoalDefinition> Goals { get; init; } = [];

    /// <summary>The offer-type profile the client builds on (<c>profile:</c>), resolved with the profiles it extends; null when none.</summary>
    public OfferProfile? Profile { get; init; }

    /// <summary>
    /// The dimension columns results are split by when the run names none (<c>by: [channel]</c>), so
    /// automation does not depend on remembering <c>--by</c>; <c>--by</c> replaces them. Empty for totals only.
    /// </summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>Whether the client file has a <c>tests:</c> section (validate then reads it; without one it need not read the file again).</summary>
    internal bool HasTests { get; init; }

    /// <summary>Where each of <see cref="Dimensions"/> is written in the client file, for diagnostics.</summary>
    public IReadOnlyList<SourceSpan> DimensionSpans { get; init; } = [];

    /// <summary>
    /// Report the subtotals of two or more dimensions in every run (<c>subtotals: true</c>): with
    /// <c>by: [region, channel]</c>, each region over all its channels besides each combination and the total.
    /// </summary>
    public bool Subtotals { get; init; }

    /// <summary>Where <c>subtotals:</c> is written in the client file, for diagnostics; null when it is not.</summary>
    public SourceSpan? SubtotalsSpan { get; init; }

    /// <summary>The benchmarks by KPI id: the profile's, with the client's own replacing them per KPI.</summary>
    public IReadOnlyDictionary<string, Benchmark> Benchmarks { get; init; } = new Dictionary<string, Benchmark>(StringComparer.Ordinal);

    /// <summary>The weighted scorecard: the client's <c>scorecard:</c>, else its profile's; null when neither has one.</summary>
    public ScorecardDefinition? Scorecard { get; init; }
}

/// <summary>A catalog file on its own: reusable KPI definitions of one category.</summary>
public sealed record KpiCatalog(string SourceFile, string? Category, IReadOnlyList<KpiDefinition> Kpis);

/// <summary>The outcome of loading a file: the model when it could be built, and every problem found.</summary>
public sealed record LoadResult<T>(T? Value, IReadOnlyList<Diagnostic> Diagnostics)
    where T : class
{
    /// <summary>True when there is a model and no errors.</summary>
    public bool Succeeded => Value is not null && !Diagnostics.Any(d => d.IsError);
}
