using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>How values of the model are written in YAML and in outputs, for hosts that print them (the CLI's status explanations).</summary>
public static class DefinitionNames
{
    /// <summary>A grain as YAML writes it (<c>month</c>).</summary>
    public static string Of(Grain grain) => SufficiencyReader.Name(grain);

    /// <summary>A KPI's period scaling as YAML writes it (<c>churn</c>); <c>unstated</c> when the KPI states none.</summary>
    public static string Of(PeriodScaling scaling) => SufficiencyReader.Name(scaling);
}
