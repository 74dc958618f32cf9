namespace KpiEngine.Definitions;

/// <summary>A KPI's <c>cohort:</c> block.</summary>
internal sealed partial class DefinitionFileReader
{
    /// <summary>The most ages a cohort KPI reports: 1000 periods, as many as a time function reaches.</summary>
    internal const int MaxCohortAges = 1000;

    private static readonly string[] CohortKeys = ["entity", "dataset", "start", "ages"];

    /// <summary>The keys of <c>cohort:</c>, shown to <see cref="DefinitionSchema"/>.</summary>
    internal static IReadOnlyList<string> CohortKeyTable => CohortKeys;

    /// <summary>
    /// Reads <c>cohort: { entity, dataset, start, ages }</c>; the shape is checked here, the names
    /// (dataset, entity column, start formula) when the client's plan is built.
    /// </summary>
    private CohortDefinition? ReadCohort(YamlMapping map, string owner)
    {
        var cohortOwner = $"the cohort of {owner}";
        if (_schema.Mapping(map["cohort"], cohortOwner) is not { } cohort)
        {
            return null;
        }

        _schema.CheckKeys(cohort, CohortKeys, cohortOwner);
        var entity = _schema.Required(cohort, "entity", cohortOwner);
        var dataset = _schema.Scalar(cohort["dataset"], "dataset", cohortOwner);
        var start = _schema.Formula(cohort, "start", cohortOwner, required: false);
        int? ages = null;
        if (_schema.Scalar(cohort["ages"], "ages", cohortOwner) is { } agesNode && _schema.Number(agesNode, $"'ages' of {cohortOwner}") is { } count)
        {
            if (count >= 1 && count <= MaxCohortAges && count == Math.Floor(count))
            {
                ages = (int)count;
            }
            else
            {
                _schema.Invalid(agesNode, $"'ages' of {cohortOwner} must be a whole number from 1 to {MaxCohortAges}; it is how many ages are reported (age 0 to ages - 1).",
                    "Write for example ages: 12 for ages 0 to 11, or leave it out for every age up to the end of the data.");
            }
        }

        if (entity is null || entity.Value.Trim().Length == 0)
        {
            return null;
        }

        return new CohortDefinition(entity.Value.Trim(), _schema.Span(entity), dataset?.Value.Trim(), dataset is null ? null : _schema.Span(dataset), start, ages, _schema.Span(cohort));
    }
}
