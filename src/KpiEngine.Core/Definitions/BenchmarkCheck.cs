using System.Globalization;
using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Checks benchmarks and a profile's KPI list against the KPIs a client or profile actually has, once
/// includes and overrides are resolved: the KPI must exist (KPI1012) and the thresholds must point the
/// KPI's way (KPI1005).
/// </summary>
internal sealed class BenchmarkCheck(DiagnosticBag diagnostics)
{
    /// <summary>
    /// The benchmarks that apply, by KPI id: later entries (a client's) replace earlier ones (its
    /// profile's) per KPI. Benchmarks that name no KPI or are ordered the wrong way are reported and left out.
    /// </summary>
    public Dictionary<string, Benchmark> Apply(IEnumerable<Benchmark> benchmarks, IReadOnlyList<KpiDraft> drafts, IReadOnlyList<KpiDefinition> kpis)
    {
        var merged = new Dictionary<string, Benchmark>(StringComparer.Ordinal);
        foreach (var benchmark in benchmarks)
        {
            merged[benchmark.KpiId] = benchmark;
        }

        var valid = new Dictionary<string, Benchmark>(StringComparer.Ordinal);
        foreach (var benchmark in merged.Values)
        {
            if (!drafts.Any(d => d.Id == benchmark.KpiId))
            {
                diagnostics.Add(
                    DiagnosticCatalog.UnknownReference,
                    $"There is a benchmark for KPI '{benchmark.KpiId}', which is neither included nor defined.",
                    benchmark.Span,
                    NameSuggestions.DidYouMean(benchmark.KpiId, drafts.Select(d => d.Id)) ?? "Include the catalog file that defines it, or remove the benchmark.");
                continue;
            }

            // A KPI that could not be completed was reported already; its benchmark cannot be judged.
            if (kpis.FirstOrDefault(k => k.Id == benchmark.KpiId) is { } kpi && IsUsable(benchmark, kpi))
            {
                valid[benchmark.KpiId] = benchmark;
            }
        }

        return valid;
    }

    /// <summary>The ids of a profile's KPI list that name an available KPI; the others are KPI1012.</summary>
    public List<string> Selection(string profile, IReadOnlyList<Spanned<string>> kpis, IReadOnlyList<KpiDraft> drafts)
    {
        var selected = new List<string>();
        foreach (var kpi in kpis)
        {
            if (drafts.Any(d => d.Id == kpi.Value))
            {
                selected.Add(kpi.Value);
                continue;
            }

            diagnostics.Add(
                DiagnosticCatalog.UnknownReference,
                $"Profile '{profile}' lists KPI '{kpi.Value}', which none of its catalog files defines.",
                kpi.Span,
                NameSuggestions.DidYouMean(kpi.Value, drafts.Select(d => d.Id)) ?? "Include the catalog file that defines it in the profile.");
        }

        return selected;
    }

    private bool IsUsable(Benchmark benchmark, KpiDefinition kpi)
    {
        if (kpi.Direction == KpiDirection.Neutral)
        {
            diagnostics.Add(
                DiagnosticCatalog.InvalidValue,
                $"KPI '{kpi.Id}' is neutral (neither higher nor lower is better), so a benchmark cannot say what is good.",
                benchmark.Span,
                "Remove the benchmark, or give the KPI 'direction: higher' or 'direction: lower'.");
            return false;
        }

        if (benchmark.IsOrderedFor(kpi.Direction))
        {
            return true;
        }

        var good = Number(benchmark.Good);
        var poor = Number(benchmark.Poor);
        var (better, should) = kpi.Direction == KpiDirection.Higher ? ("higher", "above") : ("lower", "below");
        diagnostics.Add(
            DiagnosticCatalog.InvalidValue,
            benchmark.Good == benchmark.Poor
                ? $"The benchmark of KPI '{kpi.Id}' has the same value {good} for 'good' and 'poor'; there is no band between them."
                : $"The benchmark of KPI '{kpi.Id}' has 'good: {good}' and 'poor: {poor}', but {better} is better for it, so 'good' must be {should} 'poor'.",
            benchmark.Span,
            benchmark.Good == benchmark.Poor
                ? "Make 'good' and 'poor' differ."
                : $"Swap them: 'good: {poor}, poor: {good}'; or, if the KPI's direction is wrong, fix 'direction' of the KPI.");
        return false;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
