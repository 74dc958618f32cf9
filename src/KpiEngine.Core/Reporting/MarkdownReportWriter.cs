using System.Globalization;
using System.Text;
using KpiEngine.Definitions;

namespace KpiEngine.Reporting;

/// <summary>
/// Writes a <see cref="ClientReport"/> as Markdown (GitHub-flavoured tables), for e-mail and wikis:
/// the HTML report's content without charts. Texts from YAML or data are escaped so they cannot
/// break a table, start a heading or smuggle in HTML.
/// </summary>
internal static partial class MarkdownReportWriter
{
    public static void Write(Stream stream, ClientReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder(16 * 1024);
        var header = report.Header;
        md.Append("# ").Append(M(header.Name)).Append("\n\n");
        md.Append("KPI report · client `").Append(Code(header.Client)).Append('`');
        if (header.Profile is { } profile)
        {
            md.Append(" · profile ").Append(M(profile));
        }

        md.Append(" · ").Append(HtmlReportWriter.Adverb(header.Grain)).Append(", ").Append(M(ReportText.Range(header.Periods)));
        if (header.Dimensions.Count > 0)
        {
            md.Append(" · broken down by ").Append(M(string.Join(", ", header.Dimensions)));
        }

        md.Append("\n\n## Data coverage\n\n| Dataset | First row | Last row | Records |\n| --- | --- | --- | ---: |\n");
        foreach (var dataset in header.Coverage)
        {
            md.Append("| ").Append(M(dataset.Dataset)).Append(" | ")
                .Append(dataset.HasTime ? Date(dataset.First) + " | " + Date(dataset.Last) : "no time column | ").Append(" | ")
                .Append(dataset.Records == 0 ? "derived" : NumberFormat.Display(dataset.Records, 0)).Append(" |\n");
        }

        md.Append("\n## Generated from\n\nKpiEngine ").Append(M(header.EngineVersion)).Append(", from these files (paths relative to the client file):\n\n| File | Role | SHA-256 |\n| --- | --- | --- |\n");
        foreach (var source in header.Sources)
        {
            md.Append("| `").Append(Code(source.Path)).Append("` | ").Append(source.Role).Append(" | `").Append(Code(source.Hash)).Append("` |\n");
        }

        if (header.Problems.Errors + header.Problems.Warnings > 0)
        {
            md.Append("\n> The run reported ").Append(header.Problems.Errors.ToString(CultureInfo.InvariantCulture)).Append(" error(s) and ")
                .Append(header.Problems.Warnings.ToString(CultureInfo.InvariantCulture)).Append(" warning(s); values they affect are undefined and listed in the notes.\n");
        }

        if (report.Scorecard.Count > 0)
        {
            var categories = report.Scorecard.SelectMany(s => s.Categories.Select(c => c.Category)).Distinct(StringComparer.Ordinal).ToList();
            md.Append("\n## Scorecard\n\nGood counts 100 points, warning 50, poor 0; KPIs without a verdict in a period are left out and the other weights re-normalised.\n\n| Period | Overall");
            categories.ForEach(c => md.Append(" | ").Append(M(c)));
            md.Append(" |\n| ---").Append(string.Concat(Enumerable.Repeat(" | ---:", categories.Count + 1))).Append(" |\n");
            foreach (var period in report.Scorecard)
            {
                md.Append("| ").Append(M(period.Period)).Append(" | ").Append(HtmlReportWriter.ScoreText(period.Score));
                categories.ForEach(c => md.Append(" | ").Append(HtmlReportWriter.ScoreText(period.Categories.FirstOrDefault(x => x.Category == c)?.Score)));
                md.Append(" |\n");
            }

            var latest = report.Scorecard[^1];
            foreach (var kpi in latest.Kpis.Where(k => k.LeftOut is not null))
            {
                md.Append("\n- left out of ").Append(M(latest.Period)).Append(": ").Append(M(HtmlReportWriter.NameOf(report, kpi.Kpi))).Append(" (").Append(M(kpi.LeftOut)).Append(')');
            }

            md.Append('\n');
        }

        md.Append("\n## At a glance\n\n| KPI | Latest | Period | Status | vs previous | vs a year ago |\n| --- | ---: | --- | --- | ---: | ---: |\n");
        foreach (var kpi in report.Kpis)
        {
            md.Append("| ").Append(M(kpi.Name)).Append(" | ").Append(M(UnitFormat.Display(kpi.Latest?.Value, kpi.Unit, header.Currency))).Append(" | ")
                .Append(kpi.Latest is { } latest ? M(latest.Period) + (latest.Partial ? " (partial)" : string.Empty) : "–").Append(" | ")
                .Append(StatusMark(kpi.Latest?.Status ?? ReportStatus.NotJudged)).Append(' ').Append(ReportText.Verdict(kpi, kpi.Latest)).Append(" | ")
                .Append(M(ReportText.Change(kpi.VersusPrevious, kpi.Unit, header.Currency))).Append(" | ")
                .Append(M(ReportText.Change(kpi.VersusYearAgo, kpi.Unit, header.Currency))).Append(" |\n");
        }

        md.Append("\n## KPIs over time\n\n`*` partial period: the data covers only part of it. `n/a`: no value, the notes say why.\n");
        foreach (var kpi in report.Kpis)
        {
            md.Append("\n### ").Append(M(kpi.Name)).Append("\n\n`").Append(Code(kpi.Id)).Append("` · ").Append(UnitFormat.Unit(kpi.Unit));
            if (kpi.Category is { } category)
            {
                md.Append(" · ").Append(M(category));
            }

            if (ReportText.Thresholds(kpi, header.Currency) is { } thresholds)
            {
                md.Append(" · ").Append(M(thresholds));
            }

            md.Append("\n\n| Period | Value | Status |\n| --- | ---: | --- |\n");
            foreach (var point in kpi.Points)
            {
                md.Append("| ").Append(M(point.Period)).Append(" | ").Append(M(UnitFormat.Display(point.Value, kpi.Unit, header.Currency))).Append(point.Partial ? "\\*" : string.Empty)
                    .Append(" | ").Append(point.Value is null ? "–" : StatusMark(point.Status) + " " + ReportText.Verdict(kpi, point)).Append(" |\n");
            }
        }

        if (report.Goals.Count > 0)
        {
            md.Append("\n## Goals\n\n| Goal | KPI | Status | Baseline | Current | Target | Done | Time elapsed | Projection |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            foreach (var goal in report.Goals)
            {
                string Value(double? v) => M(UnitFormat.Display(v, goal.Unit, header.Currency));
                md.Append("| ").Append(M(goal.Name)).Append(" | ").Append(M(goal.KpiName)).Append(" | ").Append(ReportText.Goal(goal.Status)).Append(" | ")
                    .Append(Value(goal.Baseline.Value)).Append(" (").Append(M(goal.Baseline.Period)).Append(") | ")
                    .Append(Value(goal.Current.Value)).Append(" (").Append(M(goal.Current.Period)).Append(") | ")
                    .Append(Value(goal.Target)).Append(" by ").Append(M(goal.Deadline)).Append(" | ")
                    .Append(goal.Progress is { } p ? NumberFormat.Display(p, 0) + " %" : "n/a").Append(" | ")
                    .Append(goal.ExpectedProgress is { } e ? NumberFormat.Display(e, 0) + " %" : "n/a").Append(" | ")
                    .Append(Value(goal.Projection)).Append(" |\n");
            }

            foreach (var goal in report.Goals.Where(g => g.Reason is not null || g.Supporting.Count > 0))
            {
                md.Append("\n**").Append(M(goal.Name)).Append("**");
                if (goal.Reason is { } reason)
                {
                    md.Append(": ").Append(M(reason));
                }

                md.Append('\n');
                if (goal.Supporting.Count > 0)
                {
                    md.Append("\nSupporting KPIs, each with its own target (declared, or proportional to the change of the KPI above it):\n\n");
                    foreach (var node in GoalNode.Of(goal).SelfAndDescendants().Skip(1))
                    {
                        Node(md, node, goal.Deadline, header.Currency);
                    }
                }
            }
        }

        if (report.Breakdowns.Count > 0)
        {
            md.Append("\n## Breakdown by ").Append(M(string.Join(", ", header.Dimensions))).Append('\n');
            foreach (var breakdown in report.Breakdowns)
            {
                md.Append("\n### ").Append(M(breakdown.Name)).Append("\n\n| ").Append(M(string.Join(", ", header.Dimensions)));
                foreach (var period in breakdown.Periods)
                {
                    md.Append(" | ").Append(M(period));
                }

                md.Append(" |\n| ---").Append(string.Concat(Enumerable.Repeat(" | ---:", breakdown.Periods.Count))).Append(" |\n");
                foreach (var row in breakdown.Rows)
                {
                    md.Append("| ").Append(row.IsTotal ? "**" + M(row.Label) + "**" : M(row.Label));
                    foreach (var point in row.Points)
                    {
                        md.Append(" | ").Append(M(UnitFormat.Display(point.Value, breakdown.Unit, header.Currency))).Append(point.Partial ? "\\*" : string.Empty);
                    }

                    md.Append(" |\n");
                }
            }
        }

        Cohorts(md, report);
        md.Append("\n## Notes\n\n");
        if (report.Notes.Count == 0)
        {
            md.Append("Every value was computed: no KPI is undefined in any period.\n");
        }
        else
        {
            md.Append("| KPI | Breakdown | Periods | Why there is no value |\n| --- | --- | --- | --- |\n");
            foreach (var note in report.Notes)
            {
                md.Append("| ").Append(M(note.Name)).Append(" | ").Append(M(note.Dimensions ?? ClientReportBuilder.TotalLabel)).Append(" | ").Append(M(note.Periods)).Append(" | ").Append(M(note.Reason)).Append(" |\n");
            }
        }

        if (report.StatusNotes.Count > 0)
        {
            md.Append("\n### Statuses not judged\n\n| KPI | Breakdown | Periods | Why the status is not judged |\n| --- | --- | --- | --- |\n");
            foreach (var note in report.StatusNotes)
            {
                md.Append("| ").Append(M(note.Name)).Append(" | ").Append(M(note.Dimensions ?? ClientReportBuilder.TotalLabel)).Append(" | ").Append(M(note.Periods)).Append(" | ").Append(M(note.Reason)).Append(" |\n");
            }
        }

        stream.Write(new UTF8Encoding(false).GetBytes(md.ToString()));
    }

    /// <summary>
    /// A supporting KPI as a list item, indented two spaces per level below the goal so the list nests as the cascade
    /// does: name, id and where its target comes from, status, baseline → current, target, done against time gone,
    /// projection and the reason.
    /// </summary>
    private static void Node(StringBuilder md, GoalNode node, string deadline, string? currency)
    {
        string Value(double? v) => M(UnitFormat.Display(v, node.Unit, currency));
        md.Append(' ', 2 * (node.Depth - 1)).Append("- **").Append(M(node.Name)).Append("** (`").Append(Code(node.Kpi)).Append("`, ").Append(node.TargetKind).Append(" target) ")
            .Append(StatusMark(ReportText.GoalColour(node.Status))).Append(' ').Append(ReportText.Goal(node.Status)).Append(": ")
            .Append(Value(node.Baseline.Value)).Append(" (").Append(M(node.Baseline.Period)).Append(") → ").Append(Value(node.Current.Value)).Append(" (").Append(M(node.Current.Period)).Append("), target ")
            .Append(node.Target is null ? "n/a" : Value(node.Target) + (node.IsThreshold ? " to hold" : string.Empty) + " by " + M(deadline));
        if (!node.IsThreshold && node.Progress is { } done)
        {
            md.Append(", ").Append(NumberFormat.Display(done, 0)).Append(" % done");
        }

        if (node.ExpectedProgress is { } expected)
        {
            md.Append(", ").Append(NumberFormat.Display(expected, 0)).Append(" % of the time gone");
        }

        md.Append(", projection ").Append(Value(node.Projection));
        if (node.Reason is { } reason)
        {
            md.Append(" — ").Append(M(reason));
        }

        md.Append('\n');
    }

    /// <summary>A status as a mark readable without colour.</summary>
    private static string StatusMark(ReportStatus status) => status switch
    {
        ReportStatus.Good => "✓",
        ReportStatus.Warning => "!",
        ReportStatus.Poor => "✗",
        ReportStatus.InsufficientData => "?",
        _ => "–",
    };

    /// <summary>
    /// Escapes a text for Markdown inside a line (a table cell, a heading after its <c>#</c>): the
    /// characters that emphasise, link or quote code get a backslash, <c>|</c> too so a table cell
    /// cannot be split, <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> become entities so no HTML gets through,
    /// and line breaks become spaces. Dots and dashes stay as they are: inside a line they format nothing.
    /// </summary>
    public static string M(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t')
            {
                escaped.Append(' ');
            }
            else if (c == '<')
            {
                escaped.Append("&lt;");
            }
            else if (c == '>')
            {
                escaped.Append("&gt;");
            }
            else if (c == '&')
            {
                escaped.Append("&amp;");
            }
            else if ("\\`*_[]|~".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\').Append(c);
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>A text for an inline code span: backticks and pipes cannot be escaped there, so they are replaced.</summary>
    private static string Code(string text) => text.Replace('`', '\'').Replace('|', '¦').ReplaceLineEndings(" ");

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no rows";
}
