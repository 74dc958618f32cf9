using KpiEngine.Benchmarks;
using KpiEngine.Definitions;

namespace KpiEngine.Evaluation;

/// <summary>
/// A client's weighted score in one period (see docs/report.md, Scoring): good counts 100 points, warning 50,
/// poor 0; a category's score is the weighted mean of its judged KPIs, the overall score the weighted mean of the
/// categories that have one. KPIs without a verdict (insufficient data, undefined, not judged at this grain) are
/// left out and the remaining weights re-normalised.
/// </summary>
/// <param name="Period">The period label.</param>
/// <param name="Score">The overall score, 0–100; null when no KPI was judged.</param>
/// <param name="Categories">Every category with a KPI on the scorecard, in order of first KPI.</param>
/// <param name="Kpis">Every KPI on the scorecard, in report order, counted or left out.</param>
public sealed record PeriodScore(string Period, double? Score, IReadOnlyList<CategoryScore> Categories, IReadOnlyList<KpiScore> Kpis);

/// <summary>One category's part of a <see cref="PeriodScore"/>.</summary>
/// <param name="Category">The KPIs' category (<see cref="ScorecardDefinition.Uncategorised"/> for none).</param>
/// <param name="Weight">The category's weight as declared (1 when not).</param>
/// <param name="Score">The weighted mean of its judged KPIs' points; null when none was judged.</param>
/// <param name="Share">Its share of the overall score in percent after re-normalising (0 when it has no score).</param>
public sealed record CategoryScore(string Category, double Weight, double? Score, double Share);

/// <summary>One KPI's part of a <see cref="PeriodScore"/>.</summary>
/// <param name="Kpi">The KPI id.</param>
/// <param name="Category">Its category on the scorecard.</param>
/// <param name="Weight">Its weight within the category as declared (1 when not).</param>
/// <param name="Status">Its status in the period; null when undefined or not judged at this grain.</param>
/// <param name="Points">100 good, 50 warning, 0 poor; null when left out.</param>
/// <param name="Share">Its share of the overall score in percent after re-normalising; 0 when left out.</param>
/// <param name="LeftOut">Why it does not count in this period; null when it counts.</param>
public sealed record KpiScore(string Kpi, string Category, double Weight, BenchmarkStatus? Status, double? Points, double Share, string? LeftOut);

/// <summary>Computes <see cref="PeriodScore"/>s from a client's rated results.</summary>
internal static class Scoring
{
    /// <summary>The points a status counts.</summary>
    public static double? Points(BenchmarkStatus? status) => status switch
    {
        BenchmarkStatus.Good => 100,
        BenchmarkStatus.Warning => 50,
        BenchmarkStatus.Poor => 0,
        _ => null,
    };

    /// <summary>One score per reported period from the total results of the KPIs with a benchmark; empty without a scorecard.</summary>
    public static IReadOnlyList<PeriodScore> Score(KpiSet set, IReadOnlyList<string> periods, IReadOnlyList<KpiResult> results)
    {
        if (set.Scorecard is not { } scorecard)
        {
            return [];
        }

        var kpis = set.Kpis.ToDictionary(k => k.Id, StringComparer.Ordinal);
        var members = set.Selected
            .Where(id => set.Benchmarks.ContainsKey(id) && kpis.ContainsKey(id))
            .Select(id => (Id: id, Category: ScorecardCheck.CategoryOf(kpis[id]), Weight: scorecard.KpiWeights.GetValueOrDefault(id, 1)))
            .Where(m => m.Weight > 0 && scorecard.CategoryWeights.GetValueOrDefault(m.Category, 1) > 0)
            .ToList();
        var totals = results.Where(r => r.Dimensions.Count == 0).ToDictionary(r => (r.Kpi, r.Period));
        return [.. periods.Select(period => ScorePeriod(period, members, scorecard, totals))];
    }

    private static PeriodScore ScorePeriod(string period, List<(string Id, string Category, double Weight)> members, ScorecardDefinition scorecard, Dictionary<(string, string), KpiResult> totals)
    {
        var counted = members.Select(m =>
        {
            var result = totals.GetValueOrDefault((m.Id, period));
            var points = Points(result?.Status);
            var leftOut = points is not null ? null
                : result?.Status == BenchmarkStatus.InsufficientData ? $"insufficient data: {result.StatusReason}"
                : result?.Value is null ? $"undefined: {result?.Reason ?? "no value"}"
                : $"not judged: {result.StatusReason}";
            return (Member: m, Status: result?.Status, Points: points, LeftOut: leftOut);
        }).ToList();

        var categories = counted.GroupBy(c => c.Member.Category, StringComparer.Ordinal).Select(group =>
        {
            var judged = group.Where(c => c.Points is not null).ToList();
            var weight = judged.Sum(c => c.Member.Weight);
            double? score = judged.Count == 0 ? null : judged.Sum(c => c.Member.Weight * c.Points!.Value) / weight;
            return (Category: group.Key, Weight: scorecard.CategoryWeights.GetValueOrDefault(group.Key, 1), Score: score, KpiWeight: weight);
        }).ToList();

        var scoredWeight = categories.Where(c => c.Score is not null).Sum(c => c.Weight);
        double? overall = scoredWeight > 0 ? categories.Where(c => c.Score is not null).Sum(c => c.Weight * c.Score!.Value) / scoredWeight : null;
        double CategoryShare(string category) => categories.First(c => c.Category == category) is var c && c.Score is not null ? c.Weight / scoredWeight * 100 : 0;
        return new PeriodScore(
            period,
            overall,
            [.. categories.Select(c => new CategoryScore(c.Category, c.Weight, c.Score, CategoryShare(c.Category)))],
            [.. counted.Select(c => new KpiScore(
                c.Member.Id,
                c.Member.Category,
                c.Member.Weight,
                c.Status,
                c.Points,
                c.Points is null ? 0 : CategoryShare(c.Member.Category) * c.Member.Weight / categories.First(k => k.Category == c.Member.Category).KpiWeight,
                c.LeftOut))]);
    }
}
