using System.Globalization;
using KpiEngine.Diagnostics;

namespace KpiEngine.Evaluation;

/// <summary>
/// Which periods a client can report, decided from its datasets' time settings: a client whose
/// datasets have no time column (a snapshot) reports the one period <c>all</c>; a client that mixes
/// dated and undated datasets is told what the undated ones mean; a client none of whose dated
/// datasets has a dated row is told why, by <c>validate</c> (from the schema sample) and by the run.
/// </summary>
internal static class PeriodCheck
{
    private const string NoPeriodSuggestion =
        "Fix the datasets named (or their time columns and time_window), or widen --from/--to; write 'time: none' on a dataset that is a snapshot without dates.";

    /// <summary>The datasets the client's reported values read (also those that could not be read, whose formulas were not compiled).</summary>
    public static List<DatasetPlan> Read(ClientPlan plan)
    {
        var named = plan.Order.Select(n => n.Dataset).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. plan.Datasets.Where(d => named.Contains(d.Name) || d.Aggregates.Count > 0 || d.PluginBindings.Count > 0)];
    }

    /// <summary>
    /// True when the client reads datasets and none of them, nor the datasets they are derived from or
    /// borrow from, has a time column: it reports <c>all</c>. (An undated dataset derived from dated
    /// orders counts in every period of the orders.)
    /// </summary>
    public static bool IsSnapshot(ClientPlan plan)
    {
        var read = Read(plan);
        var seen = new HashSet<DatasetPlan>();
        bool Dated(DatasetPlan? dataset) => dataset is not null && seen.Add(dataset)
            && (dataset.Definition.TimeColumn is not null || Dated(dataset.Source) || dataset.Lenders.Any(Dated));
        return read.Count > 0 && !read.Exists(Dated);
    }

    /// <summary>KPI1040 for every dataset read without <c>time:</c> beside dated ones: its values are the same in every period.</summary>
    public static void WarnUndeclaredTimeless(ClientPlan plan, DiagnosticBag diagnostics)
    {
        var read = Read(plan);
        var dated = read.Where(d => d.Definition.TimeColumn is not null).Select(d => $"'{d.Name}'").ToList();
        if (dated.Count == 0)
        {
            return;
        }

        foreach (var dataset in read.Where(d => d.Definition.TimeColumn is null && !d.Definition.DeclaredTimeless))
        {
            diagnostics.Add(
                DiagnosticCatalog.UndeclaredTimeless,
                $"Dataset '{dataset.Name}' has no 'time:', so its rows have no date and its values are the same in every period (and in 'all'), while {string.Join(", ", dated)} {(dated.Count == 1 ? "is" : "are")} dated: a KPI that combines them changes meaning with the grain.",
                dataset.Definition.Span,
                $"Write 'time: none' on '{dataset.Name}' if it is a snapshot (a customer table, a price list), or 'time: <column>' to place its rows in periods.");
        }
    }

    /// <summary>
    /// For <c>kpi validate</c>: KPI3040 when every dated dataset the client reads certainly has no
    /// dated row (a header only, or a file read whole by the schema sample without a plausible date in
    /// its time column), so that every run would have no period.
    /// </summary>
    public static void CheckSampledPeriods(ClientPlan plan, DiagnosticBag diagnostics)
    {
        var dated = Read(plan).Where(d => d.Definition.TimeColumn is not null).ToList();
        var causes = new List<string>();
        foreach (var dataset in dated)
        {
            if (SampledCause(dataset, diagnostics) is not { } cause)
            {
                return;
            }

            causes.Add(cause);
        }

        if (causes.Count > 0)
        {
            Report(plan, causes, diagnostics);
        }
    }

    /// <summary>For a run with no period: KPI3040 naming, per dated dataset, why none of its rows is in a reported period.</summary>
    public static void ReportNoPeriod(ClientPlan plan, IReadOnlyDictionary<string, DatasetScan> scans, DiagnosticBag diagnostics)
    {
        var causes = new List<string>();
        foreach (var dataset in Read(plan).Where(d => d.Definition.TimeColumn is not null))
        {
            var time = dataset.Definition.TimeColumn;
            var window = dataset.Definition.TimeWindow;
            causes.Add(!scans.TryGetValue(dataset.Name, out var scan) ? SchemaCause(dataset, diagnostics)
                : scan.RecordsRead == 0 ? $"'{dataset.Name}' has no rows"
                : scan.FirstDay is not { } first || scan.LastDay is not { } last
                    ? string.Create(CultureInfo.InvariantCulture, $"none of the {scan.RecordsRead} rows of '{dataset.Name}' has a date in time column '{time}' inside its time_window {window.First:yyyy-MM-dd} to {window.Last:yyyy-MM-dd}")
                : string.Create(CultureInfo.InvariantCulture, $"'{dataset.Name}' has rows dated {DateOnly.FromDayNumber(first):yyyy-MM-dd} to {DateOnly.FromDayNumber(last):yyyy-MM-dd}, none inside --from/--to"));
        }

        if (causes.Count == 0)
        {
            causes.Add("none of the datasets its KPIs read has a time column or rows");
        }

        Report(plan, causes, diagnostics);
    }

    private static void Report(ClientPlan plan, List<string> causes, DiagnosticBag diagnostics) =>
        diagnostics.Add(
            DiagnosticCatalog.NoPeriod,
            $"Client '{plan.Set.ClientId}' has no period to report: {string.Join("; ", causes)}.",
            SourceSpan.At(plan.Set.SourceFile, 1, 1),
            NoPeriodSuggestion);

    /// <summary>Why a dated dataset certainly has no dated row, from its schema sample; null when it may have some.</summary>
    private static string? SampledCause(DatasetPlan dataset, DiagnosticBag diagnostics)
    {
        if (dataset.Schema is null)
        {
            return SchemaCause(dataset, diagnostics);
        }

        if (dataset.Schema.TimeSample is not { WholeFile: true } sample)
        {
            // Derived, borrowed-time and large files: only the scan can tell.
            return null;
        }

        var file = Path.GetFileName(dataset.Definition.Path);
        var time = dataset.Definition.TimeColumn;
        var window = dataset.Definition.TimeWindow;
        return sample.Dated == 0
            ? string.Create(CultureInfo.InvariantCulture, $"none of the {sample.Records} rows of '{dataset.Name}' ({file}) has a date in time column '{time}'")
            : sample.InWindow == 0
                ? string.Create(CultureInfo.InvariantCulture, $"every date in time column '{time}' of '{dataset.Name}' ({file}) lies outside its time_window {window.First:yyyy-MM-dd} to {window.Last:yyyy-MM-dd}")
                : null;
    }

    /// <summary>Why a dataset without a schema has no rows: a file with a header only, or one that could not be read.</summary>
    private static string SchemaCause(DatasetPlan dataset, DiagnosticBag diagnostics) =>
        diagnostics.Items.Any(d => d.Id == DiagnosticCatalog.NoRows.Id && d.Span?.File == dataset.Definition.Path)
            ? $"'{dataset.Name}' ({Path.GetFileName(dataset.Definition.Path)}) has a header but no rows"
            : $"'{dataset.Name}' could not be read (see its errors)";
}
