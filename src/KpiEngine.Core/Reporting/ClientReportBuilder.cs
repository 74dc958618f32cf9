using KpiEngine.Benchmarks;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Time;

namespace KpiEngine.Reporting;

/// <summary>Turns one client's results into the <see cref="ClientReport"/> every report format shows.</summary>
internal static class ClientReportBuilder
{
    /// <summary>
    /// How many of the last periods a breakdown shows: enough to see a trend per dimension value, few
    /// enough that the table fits an A4 page at any grain (a daily run has hundreds of periods).
    /// </summary>
    public const int BreakdownPeriods = 6;

    /// <summary>The label of a breakdown's total row.</summary>
    public const string TotalLabel = "Total";

    public static ClientReport Build(ClientResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var set = result.Definitions;
        var calendar = new PeriodCalendar(result.Grain, set?.Calendar ?? CalendarSettings.Default);
        // Cohort KPIs have a value per cohort and age, not per period: they get tables of their own.
        var byKpi = result.Results.Where(r => r.Cohort is null).GroupBy(r => r.Kpi, StringComparer.Ordinal).ToList();
        var kpis = byKpi.Select(group => Kpi(group.Key, [.. group], set, result, calendar)).ToList();
        var breakdowns = result.Dimensions.Count == 0 ? [] : byKpi.Select(group => Breakdown([.. group], result.Periods)).ToList();
        var notes = byKpi.SelectMany(group => Notes([.. group], r => r.Value is null ? r.Reason ?? "undefined" : null)).ToList();
        var statusNotes = byKpi.SelectMany(group => Notes([.. group], r => r.Value is not null && r.StatusReason is not null ? r.StatusReason : null)).ToList();
        return new ClientReport(Header(result), kpis, result.Goals, breakdowns, notes) { Scorecard = result.Scorecard, StatusNotes = statusNotes, Cohorts = CohortReport.Of(result, set) };
    }

    /// <summary>The label of a dimension combination (<c>channel = email, region = north</c>); <see cref="TotalLabel"/> for the total.</summary>
    public static string DimensionLabel(IReadOnlyList<KeyValuePair<string, string?>> dimensions) =>
        dimensions.Count == 0 ? TotalLabel : string.Join(", ", dimensions.Select(d => $"{d.Key} = {d.Value ?? DimensionCombination.MissingValue}"));

    private static ReportHeader Header(ClientResult result)
    {
        var set = result.Definitions;
        var profile = set?.Profile is { } p ? $"{p.Name} ({p.Id})" : null;
        var errors = result.Diagnostics.Count(d => d.IsError);
        var warnings = result.Diagnostics.Count(d => d.Severity == Diagnostics.DiagnosticSeverity.Warning);
        return new ReportHeader(
            result.Client,
            result.Name,
            profile,
            result.Currency,
            result.Grain,
            result.Periods,
            result.Dimensions,
            result.Coverage,
            Sources(result.SourceFile, set),
            ContentHash.EngineVersion,
            new ReportProblems(errors, warnings)) { Calendar = set?.Calendar ?? CalendarSettings.Default };
    }

    /// <summary>The client file, its includes, its profiles and its data files, each once, with its hash.</summary>
    private static List<ReportSource> Sources(string clientFile, KpiSet? set)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(clientFile)) ?? ".";
        var sources = new List<ReportSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string role, string path, string? hash = null)
        {
            if (seen.Add(path))
            {
                sources.Add(new ReportSource(role, Path.GetRelativePath(folder, path).Replace('\\', '/'), hash ?? ContentHash.Of(path)));
            }
        }

        Add("client", Path.GetFullPath(clientFile));
        for (var profile = set?.Profile; profile is not null; profile = profile.Base)
        {
            Add("profile", profile.SourceFile);
        }

        foreach (var include in set?.Includes ?? [])
        {
            Add("include", include);
        }

        foreach (var dataset in (set?.Datasets ?? []).Where(d => d.Derived is null))
        {
            // A file outside the folders the client may read is never opened, not even to hash it.
            Add("dataset", dataset.Path, dataset.Refused ? "refused" : null);
        }

        return sources;
    }

    private static KpiReport Kpi(string id, List<KpiResult> results, KpiSet? set, ClientResult result, PeriodCalendar calendar)
    {
        var definition = set?.Kpis.FirstOrDefault(k => k.Id == id);
        var first = results[0];
        var points = results.Where(r => r.Dimensions.Count == 0).Select(Point).ToList();
        var latestAt = points.FindLastIndex(p => p.Value is not null);
        var latest = latestAt >= 0 ? points[latestAt] : null;
        ReportChange? previous = null;
        ReportChange? yearAgo = null;
        if (latest is not null)
        {
            previous = latestAt > 0 ? Change(points[latestAt - 1], latest) : null;
            // The whole span (--grain all, or datasets without a time column) has no "same period a year earlier".
            if (calendar.Grain != Grain.All && calendar.TryParse(latest.Period, end: false, out var ordinal))
            {
                var label = calendar.Label(calendar.OrdinalOf(calendar.Start(ordinal).AddYears(-1)));
                yearAgo = points.FirstOrDefault(p => p.Period == label) is { } before ? Change(before, latest) : null;
            }
        }

        var goals = result.Goals.Where(g => g.Kpi == id && g.Target is not null)
            .Select(g => new GoalLine(g.Name, g.Target!.Value, g.Deadline, g.Current, g.Projection)).ToList();
        return new KpiReport(
            id,
            first.Name,
            definition?.Category,
            first.Unit,
            definition?.Direction ?? KpiDirection.Neutral,
            definition?.Description,
            first.Benchmark,
            points,
            latest,
            previous,
            yearAgo,
            goals,
            results.FirstOrDefault(r => r.Dimensions.Count == 0 && r.Bands is not null)?.Bands);
    }

    private static ReportChange? Change(ReportPoint earlier, ReportPoint later)
    {
        if (earlier.Value is not { } from || later.Value is not { } to)
        {
            return null;
        }

        return new ReportChange(earlier.Period, to - from, from == 0 ? null : (to - from) / Math.Abs(from) * 100);
    }

    private static ReportPoint Point(KpiResult result) => new(result.Period, result.Value, result.Reason, result.Partial, result.Status switch
    {
        BenchmarkStatus.Good => ReportStatus.Good,
        BenchmarkStatus.Warning => ReportStatus.Warning,
        BenchmarkStatus.Poor => ReportStatus.Poor,
        BenchmarkStatus.InsufficientData => ReportStatus.InsufficientData,
        _ => ReportStatus.NotJudged,
    })
    { StatusReason = result.StatusReason };

    private static KpiBreakdown Breakdown(List<KpiResult> results, IReadOnlyList<string> periods)
    {
        var shown = periods.Skip(Math.Max(0, periods.Count - BreakdownPeriods)).ToList();
        var wanted = shown.ToHashSet(StringComparer.Ordinal);
        var rows = results.Where(r => wanted.Contains(r.Period))
            .GroupBy(r => DimensionLabel(r.Dimensions), StringComparer.Ordinal)
            .Select(g => new BreakdownRow(g.Key, g.First().Dimensions.Count == 0, [.. g.Select(Point)]))
            .ToList();
        return new KpiBreakdown(results[0].Kpi, results[0].Name, results[0].Unit, shown, rows);
    }

    /// <summary>
    /// The notes of one KPI (the undefined values, or the statuses not judged: <paramref name="reasonOf"/>
    /// gives the reason, null for a value without a note), the total first, consecutive periods with
    /// one reason as one note. Reasons that differ only by naming their own period (<c>no data in dataset 'traffic' for
    /// 2026-03</c>, <c>… for 2026-04</c>) count as one reason, written for "each of these periods".
    /// </summary>
    private static IEnumerable<ReportNote> Notes(List<KpiResult> results, Func<KpiResult, string?> reasonOf)
    {
        const string PeriodMark = "\u0000";
        foreach (var level in results.GroupBy(r => DimensionLabel(r.Dimensions), StringComparer.Ordinal))
        {
            ReportNote? open = null;
            string? pattern = null;
            foreach (var value in level)
            {
                var reason = reasonOf(value);
                var shape = reason?.Replace(value.Period, PeriodMark, StringComparison.Ordinal);
                if (shape is not null && open is not null && pattern == shape)
                {
                    open = open with { LastPeriod = value.Period, Reason = shape.Replace(PeriodMark, "each of these periods", StringComparison.Ordinal) };
                    continue;
                }

                if (open is not null)
                {
                    yield return open;
                }

                (open, pattern) = reason is not null
                    ? (new ReportNote(value.Kpi, value.Name, value.Dimensions.Count == 0 ? null : level.Key, value.Period, value.Period, reason), shape)
                    : (null, null);
            }

            if (open is not null)
            {
                yield return open;
            }
        }
    }
}
