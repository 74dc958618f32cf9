using KpiEngine.Definitions;
using KpiEngine.Reporting;

namespace KpiEngine.Cli.Output;

/// <summary>How <c>kpi explain</c> words the rules behind a status: the grain of the bands, the minimum sample, the scorecard weight.</summary>
internal static class StatusExplanation
{
    /// <summary><c>stated per month; scaling: churn, so per quarter the bands become 1 - (1 - m)^3</c>.</summary>
    public static string Grain(Benchmark benchmark, KpiDefinition kpi)
    {
        var per = Name(benchmark.StatedPer) + (benchmark.Per is null ? " (the default)" : string.Empty);
        var how = kpi.Scaling switch
        {
            PeriodScaling.Ratio => "judged at any grain with the same bands",
            PeriodScaling.Total => "at other grains the bands scale with the period length (x n)",
            PeriodScaling.Churn => "at other grains the bands compound: 1 - (1 - m)^n",
            PeriodScaling.Retention => "at other grains the bands compound: r^n",
            PeriodScaling.Growth => "at other grains the bands compound: (1 + g)^n - 1",
            _ => $"judged only per {Name(benchmark.StatedPer)}",
        };
        return $"stated per {per}; scaling: {Name(kpi.Scaling)}, so {how}";
    }

    /// <summary><c>min sample: 30 orders</c>, or the default's wording.</summary>
    public static string Sample(SampleRule rule)
    {
        var least = NumberFormat.Machine(rule.AtLeast);
        if (rule.AtLeast == 0)
        {
            return "min sample: none (turned off)";
        }

        var what = rule.Source switch
        {
            SampleSource.Input => $"{least} {rule.Name}",
            SampleSource.Rows => $"{least} rows of dataset '{rule.Name}'",
            _ => $"{least} of the value the formula divides by",
        };
        return rule.IsDefault
            ? $"min sample: {what} (the default, applied only when the denominator counts things); partial periods are never judged"
            : $"min sample: {what}, written at {rule.Span}; partial periods are never judged";
    }

    /// <summary><c>scorecard: weight 2 in category 'sales' (category weight 1)</c>.</summary>
    public static string Weight(ScorecardDefinition scorecard, KpiDefinition kpi)
    {
        var category = kpi.Category ?? ScorecardDefinition.Uncategorised;
        var weight = scorecard.KpiWeights.GetValueOrDefault(kpi.Id, 1);
        var categoryWeight = scorecard.CategoryWeights.GetValueOrDefault(category, 1);
        return weight == 0 || categoryWeight == 0
            ? $"scorecard: left out (weight {NumberFormat.Machine(weight)}, category '{category}' weight {NumberFormat.Machine(categoryWeight)}); written at {scorecard.Span}"
            : $"scorecard: weight {NumberFormat.Machine(weight)} in category '{category}' (category weight {NumberFormat.Machine(categoryWeight)}); written at {scorecard.Span}";
    }

    private static string Name(KpiEngine.Time.Grain grain) => DefinitionNames.Of(grain);

    private static string Name(PeriodScaling scaling) => DefinitionNames.Of(scaling);
}
