using System.Globalization;
using System.Text;

namespace KpiEngine.Reporting;

/// <summary>Cohort KPIs as heatmaps: colour for the eye, the number in every cell for the reader (and for print in black and white).</summary>
internal static partial class HtmlReportWriter
{
    // The heatmap runs from a pale to a deep blue: one hue, so it reads the same to colour-blind readers.
    private static readonly (int R, int G, int B) Pale = (0xEE, 0xF3, 0xFA);
    private static readonly (int R, int G, int B) Deep = (0x1F, 0x4E, 0x9A);

    private static void Cohorts(StringBuilder html, ClientReport report)
    {
        if (report.Cohorts.Count == 0)
        {
            return;
        }

        var header = report.Header;
        html.Append("<section id=\"cohorts\">\n<h2>Cohorts</h2>\n")
            .Append("<p class=\"small muted\">A row per cohort (the ").Append(H(PeriodNoun(header.Grain))).Append(" each one started), a column per age (")
            .Append(H(PeriodNoun(header.Grain))).Append("s since then; age 0 is the cohort's own). Deeper blue is a higher value; blank cells are ages the data has not reached yet, n/a is undefined (the reason shows on hover and below).</p>\n");
        foreach (var cohort in report.Cohorts)
        {
            html.Append("<div class=\"breakdown cohort\">\n<h3>").Append(H(cohort.Name)).Append(" <span class=\"muted small\">(")
                .Append(H(cohort.Kpi)).Append(", ").Append(H(cohort.UnitName(header.Currency))).Append(")</span></h3>\n");
            if (cohort.Description is { } description)
            {
                html.Append("<p class=\"small\">").Append(H(description)).Append("</p>\n");
            }

            html.Append("<table class=\"compact heatmap\"><thead><tr><th>Cohort</th>");
            for (var age = 0; age < cohort.Ages; age++)
            {
                html.Append("<th class=\"num\">").Append(age.ToString(CultureInfo.InvariantCulture)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>\n");
            var range = cohort.Range;
            foreach (var label in cohort.Cohorts)
            {
                html.Append("<tr><th>").Append(H(label)).Append("</th>");
                for (var age = 0; age < cohort.Ages; age++)
                {
                    if (cohort.Observed(label, age) is not { } cell)
                    {
                        html.Append("<td class=\"num future\"");
                        if (cohort.Cells.GetValueOrDefault((label, age))?.Reason is { } future)
                        {
                            html.Append(" title=\"").Append(H(future)).Append('"');
                        }

                        html.Append("></td>");
                        continue;
                    }

                    html.Append("<td class=\"num\" title=\"").Append(H($"cohort {label}, age {age} ({cell.Period}): {(cell.Value is null ? cell.Reason ?? "undefined" : UnitFormat.Display(cell.Value, cell.Unit, header.Currency))}")).Append('"');
                    if (cell.Value is { } value && range is var (low, high))
                    {
                        var share = high > low ? (value - low) / (high - low) : 1;
                        html.Append(" style=\"background:").Append(Blend(share)).Append(share > 0.55 ? ";color:#fff" : string.Empty).Append('"');
                    }

                    html.Append('>').Append(H(UnitFormat.Compact(cell.Value, cell.Unit))).Append(cell.Partial ? "*" : string.Empty).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody></table>\n");
            var reasons = cohort.UndefinedCells;
            if (reasons.Count > 0)
            {
                html.Append("<ul class=\"small muted\">\n");
                foreach (var (reason, where) in reasons)
                {
                    html.Append("<li>n/a at ").Append(H(where)).Append(": ").Append(H(reason)).Append("</li>\n");
                }

                html.Append("</ul>\n");
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>The colour at <paramref name="share"/> (0 to 1) of the way from pale to deep, as #rrggbb.</summary>
    private static string Blend(double share)
    {
        var t = Math.Clamp(share, 0, 1);
        int Mix(int from, int to) => (int)Math.Round(from + ((to - from) * t));
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(Pale.R, Deep.R):x2}{Mix(Pale.G, Deep.G):x2}{Mix(Pale.B, Deep.B):x2}");
    }

    /// <summary>One period of a grain as a noun (<c>month</c>), for a triangle's caption.</summary>
    public static string PeriodNoun(KpiEngine.Time.Grain grain) => grain switch
    {
        KpiEngine.Time.Grain.Day => "day",
        KpiEngine.Time.Grain.Week => "week",
        KpiEngine.Time.Grain.Quarter => "quarter",
        KpiEngine.Time.Grain.Year => "year",
        _ => "month",
    };
}
