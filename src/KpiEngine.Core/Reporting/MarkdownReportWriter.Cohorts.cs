using System.Globalization;
using System.Text;

namespace KpiEngine.Reporting;

/// <summary>Cohort KPIs as triangles: the HTML heatmap's numbers, without its colours.</summary>
internal static partial class MarkdownReportWriter
{
    private static void Cohorts(StringBuilder md, ClientReport report)
    {
        if (report.Cohorts.Count == 0)
        {
            return;
        }

        var header = report.Header;
        var noun = HtmlReportWriter.PeriodNoun(header.Grain);
        md.Append("\n## Cohorts\n\nA row per cohort (the ").Append(noun).Append(" each one started), a column per age (").Append(noun)
            .Append("s since then; age 0 is the cohort's own). A blank cell is an age the data has not reached yet (not 0); `n/a` is undefined, the reason is listed under the table; `*` marks a partial period.\n");
        foreach (var cohort in report.Cohorts)
        {
            md.Append("\n### ").Append(M(cohort.Name)).Append("\n\n`").Append(Code(cohort.Kpi)).Append("` · ").Append(M(cohort.UnitName(header.Currency))).Append('\n');
            if (cohort.Description is { } description)
            {
                md.Append('\n').Append(M(description)).Append('\n');
            }

            md.Append("\n| Cohort");
            for (var age = 0; age < cohort.Ages; age++)
            {
                md.Append(" | ").Append(age.ToString(CultureInfo.InvariantCulture));
            }

            md.Append(" |\n| ---").Append(string.Concat(Enumerable.Repeat(" | ---:", cohort.Ages))).Append(" |\n");
            foreach (var label in cohort.Cohorts)
            {
                md.Append("| ").Append(M(label));
                for (var age = 0; age < cohort.Ages; age++)
                {
                    md.Append(" |");
                    if (cohort.Observed(label, age) is { } cell)
                    {
                        md.Append(' ').Append(M(UnitFormat.Compact(cell.Value, cell.Unit))).Append(cell.Partial ? "\\*" : string.Empty);
                    }
                }

                md.Append(" |\n");
            }

            var reasons = cohort.UndefinedCells;
            if (reasons.Count > 0)
            {
                md.Append('\n');
                foreach (var (reason, where) in reasons)
                {
                    md.Append("- n/a at ").Append(M(where)).Append(": ").Append(M(reason)).Append('\n');
                }
            }
        }
    }
}
