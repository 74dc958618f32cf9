using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>A value read from YAML together with where it was written.</summary>
internal readonly record struct Spanned<T>(T Value, SourceSpan Span);

/// <summary>
/// A KPI as one file writes it, before includes and overrides are resolved: every field is
/// optional here, because a client override gives only what it changes. <see cref="DefaultCategory"/>
/// is the file's category, used only when the KPI is not an override. <see cref="Origin"/> is where the
/// KPI was first defined, before any override: two includes that reach the same definition agree.
/// </summary>
internal sealed record KpiDraft(
    string Id,
    SourceSpan Span,
    SourceSpan Origin,
    IReadOnlySet<string> Keys,
    string? Name,
    string? Category,
    string? DefaultCategory,
    KpiUnit? Unit,
    KpiDirection? Direction,
    string? Description,
    FormulaSource? Formula,
    Spanned<string>? Dataset,
    Spanned<string>? Plugin,
    Spanned<string>? Output,
    Spanned<IReadOnlyDictionary<string, string>>? PluginParameters)
{
    /// <summary>The KPI's <c>scaling:</c>, if this file gives it.</summary>
    public PeriodScaling? Scaling { get; init; }

    /// <summary>The KPI's <c>min_sample:</c>, if this file gives it.</summary>
    public SampleRule? MinSample { get; init; }

    /// <summary>Where each of <see cref="PluginParameters"/>' values is written.</summary>
    public IReadOnlyDictionary<string, SourceSpan>? ParameterSpans { get; init; }

    /// <summary>The KPI's <c>cohort:</c>, if this file gives it.</summary>
    public CohortDefinition? Cohort { get; init; }

    /// <summary>
    /// This draft written over <paramref name="inherited"/>: the fields it gives replace the
    /// inherited ones. A formula or plugin replaces the inherited way of computing as a whole.
    /// </summary>
    public KpiDraft Over(KpiDraft inherited)
    {
        var keys = new HashSet<string>(inherited.Keys, StringComparer.Ordinal);
        keys.UnionWith(Keys);
        var merged = this with
        {
            Origin = inherited.Origin,
            DefaultCategory = inherited.DefaultCategory,
            Keys = keys,
            Name = Name ?? inherited.Name,
            Category = Category ?? inherited.Category ?? inherited.DefaultCategory,
            Unit = Unit ?? inherited.Unit,
            Direction = Direction ?? inherited.Direction,
            Description = Description ?? inherited.Description,
            Dataset = Dataset ?? inherited.Dataset,
            Scaling = Scaling ?? inherited.Scaling,
            MinSample = MinSample ?? inherited.MinSample,
            Cohort = Cohort ?? inherited.Cohort,
        };
        if (Formula is not null || Plugin is not null)
        {
            return merged;
        }

        return merged with
        {
            Formula = inherited.Formula,
            Plugin = inherited.Plugin,
            Output = Output ?? inherited.Output,
            PluginParameters = PluginParameters ?? inherited.PluginParameters,
            ParameterSpans = PluginParameters is null ? inherited.ParameterSpans : ParameterSpans,
        };
    }
}

/// <summary>A dataset with the position of each borrow's <c>from:</c> (one per lender, in order), kept for reference checks.</summary>
internal sealed record DatasetDraft(DatasetDefinition Definition, IReadOnlyList<SourceSpan> BorrowFromSpans);

/// <summary>An input with the position of its <c>dataset:</c>, kept for reference checks.</summary>
internal sealed record InputDraft(InputDefinition Definition, SourceSpan DatasetSpan);

/// <summary>What a catalog file says, unresolved.</summary>
internal sealed record CatalogDocument(string? Category, IReadOnlyList<Spanned<string>> Includes, IReadOnlyList<KpiDraft> Kpis);

/// <summary>What a client file says, unresolved.</summary>
internal sealed record ClientDocument(
    string ClientId,
    string? Name,
    string? Currency,
    IReadOnlyList<Spanned<string>> Includes,
    IReadOnlyList<Spanned<string>>? Use,
    IReadOnlyList<string> PluginFolders,
    IReadOnlyList<DatasetDraft> Datasets,
    IReadOnlyList<InputDraft> Inputs,
    IReadOnlyList<ParameterDefinition> Parameters,
    IReadOnlyList<KpiDraft> Kpis)
{
    /// <summary>The <c>calendar:</c> settings; the default when the file has none.</summary>
    public Time.CalendarSettings Calendar { get; init; } = Time.CalendarSettings.Default;

    /// <summary>The <c>goals:</c> list as written; read once the included goal templates are known.</summary>
    public YamlNode? Goals { get; init; }

    /// <summary>The <c>profile:</c> the client builds on (a name or a path), if any.</summary>
    public Spanned<string>? Profile { get; init; }

    /// <summary>The client's own <c>benchmarks:</c>, which replace its profile's per KPI.</summary>
    public IReadOnlyList<Benchmark> Benchmarks { get; init; } = [];

    /// <summary>The client's own <c>scorecard:</c>, which replaces its profile's as a whole.</summary>
    public ScorecardDefinition? Scorecard { get; init; }

    /// <summary>The dimension columns results are split by when the run names none (<c>by:</c>).</summary>
    public IReadOnlyList<Spanned<string>> By { get; init; } = [];

    /// <summary>The client's <c>subtotals:</c> flag where it is written; null when it is not (or is not true/false).</summary>
    public Spanned<bool>? Subtotals { get; init; }
}
