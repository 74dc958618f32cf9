using System.Globalization;
using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Goals;
using KpiEngine.Time;

namespace KpiEngine.Reporting;

/// <summary>
/// Writes a <see cref="ClientReport"/> as one self-contained HTML file: inline CSS and SVG, no
/// script, a content security policy that forbids every network load, every text from YAML or
/// data escaped, and no wall-clock time, so the same inputs give the same bytes.
/// </summary>
internal static partial class HtmlReportWriter
{
    /// <summary>A KPI with at most this many periods gets a table of its values under the chart; more would not fit a page.</summary>
    public const int ValueTablePeriods = 13;

    public static void Write(Stream stream, ClientReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(64 * 1024);
        var header = report.Header;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // Nothing may be fetched: not a script, a font, an image or a style from anywhere.
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"generator\" content=\"KpiEngine ").Append(H(header.EngineVersion)).Append("\">\n");
        html.Append("<title>").Append(H($"{header.Name} — KPI report, {ReportText.Range(header.Periods)}")).Append("</title>\n");
        html.Append("<style>\n").Append(ReportStyles.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, header);
        Scorecard(html, report);
        Tiles(html, report);
        Kpis(html, report);
        Goals(html, report);
        Breakdowns(html, report);
        Cohorts(html, report);
        Notes(html, report);
        html.Append("<footer>Made by KpiEngine ").Append(H(header.EngineVersion))
            .Append(" from the files listed at the top. The same files give the same report, byte for byte: it records no time of its own.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        var bytes = new UTF8Encoding(false).GetBytes(html.ToString());
        stream.Write(bytes);
    }

    private static string H(string? text) => ReportSvg.Text(text);

    private static string V(double? value, KpiUnit unit, ReportHeader header) => H(UnitFormat.Display(value, unit, header.Currency));

    private static void Header(StringBuilder html, ReportHeader header)
    {
        html.Append("<header class=\"report\">\n<h1>").Append(H(header.Name)).Append("</h1>\n");
        html.Append("<p class=\"sub\">KPI report · client <code>").Append(H(header.Client)).Append("</code>");
        if (header.Profile is { } profile)
        {
            html.Append(" · profile ").Append(H(profile));
        }

        html.Append(" · ").Append(H(Adverb(header.Grain))).Append(", ").Append(H(ReportText.Range(header.Periods)));
        if (header.Dimensions.Count > 0)
        {
            html.Append(" · broken down by ").Append(H(string.Join(", ", header.Dimensions)));
        }

        html.Append("</p>\n<div class=\"facts\">\n<section>\n<h4>Data coverage</h4>\n<table class=\"compact\"><thead><tr><th>Dataset</th><th>First row</th><th>Last row</th><th class=\"num\">Records</th></tr></thead><tbody>\n");
        foreach (var dataset in header.Coverage)
        {
            html.Append("<tr><td>").Append(H(dataset.Dataset)).Append("</td>");
            if (!dataset.HasTime)
            {
                html.Append("<td colspan=\"2\" class=\"muted\">no time column</td>");
            }
            else
            {
                html.Append("<td class=\"date\">").Append(H(Date(dataset.First))).Append("</td><td class=\"date\">").Append(H(Date(dataset.Last))).Append("</td>");
            }

            html.Append("<td class=\"num\">").Append(dataset.Records == 0 ? "<span class=\"muted\">derived</span>" : H(NumberFormat.Display(dataset.Records, 0))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</section>\n<section>\n<h4>Generated from</h4>\n<table class=\"compact\"><thead><tr><th>File</th><th>SHA-256</th></tr></thead><tbody>\n");
        foreach (var source in header.Sources)
        {
            var hash = source.Hash.StartsWith("sha256:", StringComparison.Ordinal) ? source.Hash[7..] : source.Hash;
            html.Append("<tr><td><code>").Append(H(source.Path)).Append("</code> <span class=\"muted small\">").Append(H(source.Role)).Append("</span></td>")
                .Append("<td><code class=\"hash\" title=\"").Append(H(source.Hash)).Append("\">").Append(H(hash.Length > 16 ? hash[..16] + "…" : hash)).Append("</code></td></tr>\n");
        }

        html.Append("</tbody></table>\n<p class=\"small muted\">Engine: KpiEngine ").Append(H(header.EngineVersion)).Append(". Full hashes in each hash's tooltip and in the Markdown report.</p>\n</section>\n</div>\n");
        if (header.Problems.Errors + header.Problems.Warnings > 0)
        {
            html.Append("<p class=\"problems\">The run reported ").Append(Count(header.Problems.Errors, "error")).Append(" and ").Append(Count(header.Problems.Warnings, "warning"))
                .Append(" (printed by <code>kpi</code> on standard error). Values they affect are undefined and listed in the notes.</p>\n");
        }

        html.Append("</header>\n");
    }

    /// <summary>The weighted score: the latest with its change and trend, per category, per period, and what was left out.</summary>
    private static void Scorecard(StringBuilder html, ClientReport report)
    {
        if (report.Scorecard.Count == 0)
        {
            return;
        }

        var scores = report.Scorecard;
        var at = scores.ToList().FindLastIndex(s => s.Score is not null);
        var latest = at >= 0 ? scores[at] : scores[^1];
        html.Append("<section id=\"scorecard\">\n<h2>Scorecard</h2>\n<div class=\"scorecard\">\n<div class=\"score-main\"><div class=\"score\">")
            .Append(latest.Score is { } score ? H(NumberFormat.Display(score, 1, trailingZeros: false)) : "n/a").Append("<small> / 100</small></div>\n<div class=\"when\">").Append(H(latest.Period));
        if (at > 0 && latest.Score is { } now && scores[at - 1].Score is { } before)
        {
            var change = now - before;
            html.Append(" · vs ").Append(H(scores[at - 1].Period)).Append(": <span class=\"").Append(change > 0 ? "better" : change < 0 ? "worse" : "muted").Append("\">")
                .Append(change > 0 ? "+" : change < 0 ? "−" : string.Empty).Append(H(NumberFormat.Display(Math.Abs(change), 1, trailingZeros: false))).Append(" points</span>");
        }

        html.Append("</div>\n").Append(ReportSvg.Sparkline([.. scores.Select(s => s.Score)], _ => ReportStatus.NotJudged, "Trend of the overall score", "score-trend")).Append("\n</div>\n<div class=\"score-categories\">\n");
        foreach (var category in latest.Categories)
        {
            html.Append("<div class=\"bar-row\"><span>").Append(H(category.Category)).Append(" <span class=\"muted\">×").Append(H(NumberFormat.Display(category.Weight, 2, trailingZeros: false))).Append("</span></span>");
            if (category.Score is { } points)
            {
                html.Append("<div class=\"track\" role=\"img\" aria-label=\"").Append(H($"{category.Category}: {NumberFormat.Display(points, 1, trailingZeros: false)} of 100")).Append("\"><span class=\"done\" style=\"width:")
                    .Append(Math.Clamp(points, 0, 100).ToString("0.#", CultureInfo.InvariantCulture)).Append("%\"></span></div><span class=\"num\">").Append(H(NumberFormat.Display(points, 1, trailingZeros: false))).Append("</span></div>\n");
            }
            else
            {
                html.Append("<div class=\"track\"></div><span class=\"num muted\">n/a</span></div>\n");
            }
        }

        html.Append("</div>\n</div>\n");
        var shown = scores.Skip(Math.Max(0, scores.Count - ValueTablePeriods)).ToList();
        var categories = scores.SelectMany(s => s.Categories.Select(c => c.Category)).Distinct(StringComparer.Ordinal).ToList();
        html.Append("<div class=\"scroll\"><table class=\"compact\"><thead><tr><th>Score</th>");
        foreach (var period in shown)
        {
            html.Append("<th class=\"num\">").Append(H(period.Period)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n<tr class=\"total\"><td>overall</td>");
        foreach (var period in shown)
        {
            html.Append("<td class=\"num\">").Append(H(ScoreText(period.Score))).Append("</td>");
        }

        html.Append("</tr>\n");
        foreach (var category in categories)
        {
            html.Append("<tr><td>").Append(H(category)).Append("</td>");
            foreach (var period in shown)
            {
                html.Append("<td class=\"num\">").Append(H(ScoreText(period.Categories.FirstOrDefault(c => c.Category == category)?.Score))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table></div>\n");
        var leftOut = latest.Kpis.Where(k => k.LeftOut is not null).ToList();
        if (leftOut.Count > 0)
        {
            html.Append("<p class=\"small muted\">Left out of ").Append(H(latest.Period)).Append(": ")
                .Append(H(string.Join("; ", leftOut.Select(k => $"{NameOf(report, k.Kpi)} ({k.LeftOut})")))).Append(".</p>\n");
        }

        html.Append("<p class=\"small muted\">Good counts 100 points, warning 50, poor 0; a category scores the weighted mean of its judged KPIs and the overall score the weighted mean of the categories. KPIs without a verdict in a period are left out and the other weights re-normalised.</p>\n</section>\n");
    }

    /// <summary>A score for a table: one decimal at most, <c>n/a</c> when no KPI was judged.</summary>
    public static string ScoreText(double? score) => score is { } s ? NumberFormat.Display(s, 1, trailingZeros: false) : "n/a";

    /// <summary>A KPI's display name in the report, its id when it is not reported.</summary>
    public static string NameOf(ClientReport report, string kpi) => report.Kpis.FirstOrDefault(k => k.Id == kpi)?.Name ?? kpi;

    private static void Tiles(StringBuilder html, ClientReport report)
    {
        var header = report.Header;
        html.Append("<section id=\"glance\">\n<h2>At a glance</h2>\n<div class=\"tiles\">\n");
        foreach (var kpi in report.Kpis)
        {
            var latest = kpi.Latest;
            var status = latest?.Status ?? ReportStatus.NotJudged;
            html.Append("<div class=\"tile ").Append(ReportText.StatusClass(status)).Append("\">\n<div class=\"name\">").Append(H(kpi.Name)).Append("</div>\n");
            html.Append("<div class=\"value\">").Append(V(latest?.Value, kpi.Unit, header)).Append("</div>\n");
            html.Append("<div class=\"when\">");
            if (latest is null)
            {
                html.Append("no value in any period");
            }
            else
            {
                html.Append(H(latest.Period)).Append(latest.Partial ? " · partial period" : string.Empty);
                if (latest.Period != header.Periods[^1])
                {
                    html.Append(" · latest with a value");
                }
            }

            html.Append("</div>\n").Append(Badge(status, ReportText.Verdict(kpi, latest))).Append('\n');
            html.Append("<div class=\"changes\">");
            Change(html, "vs previous", kpi.VersusPrevious, kpi, header);
            Change(html, "vs a year ago", kpi.VersusYearAgo, kpi, header);
            html.Append("</div>\n").Append(ReportSvg.Sparkline(kpi)).Append("\n</div>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    private static void Change(StringBuilder html, string label, ReportChange? change, KpiReport kpi, ReportHeader header)
    {
        var better = ReportText.Better(change, kpi.Direction);
        html.Append("<span class=\"muted\">").Append(H(label)).Append(change is null ? string.Empty : " (" + H(change.FromPeriod) + ")").Append("</span><span");
        if (better != 0)
        {
            html.Append(" class=\"").Append(better > 0 ? "better" : "worse").Append('"');
        }

        html.Append('>').Append(H(ReportText.Change(change, kpi.Unit, header.Currency)));
        if (better != 0)
        {
            html.Append(better > 0 ? " (better)" : " (worse)");
        }

        html.Append("</span>");
    }

    /// <summary>A status as an icon and a word, coloured: readable without colour.</summary>
    private static string Badge(ReportStatus status, string word) =>
        $"<span class=\"status {ReportText.StatusClass(status)}\">{ReportSvg.Icon(status)}{H(word)}</span>";

    private static void Kpis(StringBuilder html, ClientReport report)
    {
        var header = report.Header;
        var calendar = new PeriodCalendar(header.Grain, header.Calendar);
        html.Append("<section id=\"kpis\">\n<h2>KPIs over time</h2>\n<div class=\"kpis\">\n");
        for (var i = 0; i < report.Kpis.Count; i++)
        {
            var kpi = report.Kpis[i];
            html.Append("<article class=\"kpi\" id=\"kpi-").Append(H(kpi.Id)).Append("\">\n<div class=\"head\"><h3>").Append(H(kpi.Name)).Append("</h3>")
                .Append(Badge(kpi.Latest?.Status ?? ReportStatus.NotJudged, ReportText.Verdict(kpi, kpi.Latest))).Append("</div>\n");
            html.Append("<div class=\"meta\"><code>").Append(H(kpi.Id)).Append("</code> · ").Append(H(UnitFormat.Unit(kpi.Unit)))
                .Append(kpi.Unit == KpiUnit.Currency && header.Currency is { } code ? " (" + H(code) + ")" : string.Empty)
                .Append(kpi.Category is { } category ? " · " + H(category) : string.Empty)
                .Append(" · ").Append(H(DirectionText(kpi.Direction)));
            if (ReportText.Thresholds(kpi, header.Currency) is { } thresholds)
            {
                html.Append(" · ").Append(H(thresholds));
                if (kpi.Benchmark?.Source is { } source)
                {
                    html.Append(" (").Append(H(source)).Append(')');
                }
            }

            html.Append("</div>\n");
            if (kpi.Description is { } description)
            {
                html.Append("<p class=\"small\">").Append(H(description)).Append("</p>\n");
            }

            html.Append(ReportSvg.Chart(kpi, i, calendar, header.Currency)).Append('\n');
            Legend(html, kpi);
            if (kpi.Points.Count <= ValueTablePeriods)
            {
                // Without the currency code, which the line above says once: six periods must fit the card.
                html.Append("<div class=\"scroll\"><table class=\"compact values\"><thead><tr>");
                foreach (var point in kpi.Points)
                {
                    html.Append("<th class=\"num\">").Append(H(point.Period)).Append("</th>");
                }

                html.Append("</tr></thead><tbody><tr>");
                foreach (var point in kpi.Points)
                {
                    html.Append("<td class=\"num\"");
                    if (point.Reason is { } reason)
                    {
                        html.Append(" title=\"").Append(H(reason)).Append('"');
                    }

                    html.Append('>').Append(V(point.Value, kpi.Unit, header with { Currency = null })).Append(point.Partial ? "*" : string.Empty).Append("</td>");
                }

                html.Append("</tr></tbody></table></div>\n");
            }

            html.Append("</article>\n");
        }

        html.Append("</div>\n<p class=\"small muted\">* partial period: the data covers only part of it (it starts or ends inside it), so the value is not comparable with whole periods. Hover a point or a hatched gap for its value or reason.</p>\n</section>\n");
    }

    /// <summary>A legend with only the marks the chart has.</summary>
    private static void Legend(StringBuilder html, KpiReport kpi)
    {
        var items = new List<string>();
        if (kpi.Bands is not null && kpi.Direction != KpiDirection.Neutral)
        {
            items.Add("<span><i class=\"l-good\"></i>good zone</span>");
            items.Add("<span><i class=\"l-warning\"></i>warning zone</span>");
            items.Add("<span><i class=\"l-poor\"></i>poor zone</span>");
        }

        if (kpi.GoalLines.Count > 0)
        {
            items.Add("<span><i class=\"l-target\"></i>goal target (dotted: projection to the deadline)</span>");
        }

        if (kpi.Points.Any(p => p.Partial))
        {
            items.Add("<span><i class=\"l-partial\"></i>partial period</span>");
        }

        if (kpi.Points.Any(p => p.Value is null))
        {
            items.Add("<span><i class=\"l-gap\"></i>no value (see notes)</span>");
        }

        if (items.Count > 0)
        {
            html.Append("<div class=\"legend\">").Append(string.Concat(items)).Append("</div>\n");
        }
    }

    private static void Goals(StringBuilder html, ClientReport report)
    {
        if (report.Goals.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"goals\">\n<h2>Goals</h2>\n<div class=\"goals\">\n");
        foreach (var goal in report.Goals)
        {
            var colour = ReportText.GoalColour(goal.Status);
            html.Append("<article class=\"goal\" id=\"goal-").Append(H(goal.Id)).Append("\">\n<div class=\"head\"><h3>").Append(H(goal.Name)).Append("</h3>")
                .Append(Badge(colour, ReportText.Goal(goal.Status))).Append("</div>\n");
            html.Append("<div class=\"meta small muted\">KPI ").Append(H(goal.KpiName)).Append(" (<code>").Append(H(goal.Kpi)).Append("</code>) · from ")
                .Append(H(goal.Baseline.Period)).Append(" to the deadline ").Append(H(goal.Deadline)).Append("</div>\n");
            if (!goal.IsThreshold && goal.Progress is { } progress)
            {
                Bar(html, "done", progress, "done");
            }

            if (goal.ExpectedProgress is { } expected)
            {
                Bar(html, "time elapsed", expected, "time");
            }

            html.Append("<dl>");
            Term(html, "baseline", $"{Value(goal.Baseline.Value, goal.Unit, report.Header)} in {goal.Baseline.Period}");
            Term(html, "target", goal.Target is { } target ? $"{Value(target, goal.Unit, report.Header)} by {goal.Deadline}" + (goal.IsThreshold ? " (a level to hold)" : string.Empty) : "n/a");
            Term(html, "current", $"{Value(goal.Current.Value, goal.Unit, report.Header)} in {goal.Current.Period}");
            Term(html, "projection", goal.Projection is { } projection ? $"{Value(projection, goal.Unit, report.Header)} at {goal.Deadline} (straight-line trend from the baseline)" : "n/a (fewer than two values)");
            if (goal.Reason is { } reason)
            {
                Term(html, "why", reason);
            }

            html.Append("</dl>\n");
            var root = GoalNode.Of(goal);
            if (root.Children.Count > 0)
            {
                html.Append("<div class=\"cascade-head\">Supporting KPIs: each with its own target over the same baseline and deadline (<em>declared</em> in the client file, or <em>proportional</em>: the same share of change as the KPI above it)</div>\n");
                Cascade(html, root.Children, goal.Deadline, report.Header);
            }

            html.Append("</article>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    /// <summary>
    /// One level of a goal's cascade as a nested list, drawn as a tree by the stylesheet (a line down the left of each
    /// level, a branch to each node): per node its name, where its target comes from, its status, baseline → current →
    /// target, the projection, one bar of its progress with a mark at the share of time gone, and the reason.
    /// </summary>
    private static void Cascade(StringBuilder html, IReadOnlyList<GoalNode> nodes, string deadline, ReportHeader header)
    {
        html.Append("<ul class=\"cascade\">\n");
        foreach (var node in nodes)
        {
            html.Append("<li class=\"node depth-").Append(node.Depth.ToString(CultureInfo.InvariantCulture)).Append("\"><div class=\"node-head\"><span class=\"node-name\">").Append(H(node.Name))
                .Append("</span> <code class=\"muted\">").Append(H(node.Kpi)).Append("</code> <span class=\"derivation\">").Append(H(node.TargetKind)).Append(" target</span>")
                .Append(Badge(ReportText.GoalColour(node.Status), ReportText.Goal(node.Status))).Append("</div>\n");
            html.Append("<div class=\"node-values\">").Append(V(node.Baseline.Value, node.Unit, header)).Append(" <span class=\"muted\">").Append(H(node.Baseline.Period)).Append("</span> → ")
                .Append(V(node.Current.Value, node.Unit, header)).Append(" <span class=\"muted\">").Append(H(node.Current.Period)).Append("</span> · target ")
                .Append(node.Target is { } target ? $"<strong>{V(target, node.Unit, header)}</strong>" + (node.IsThreshold ? " to hold" : string.Empty) + $" by {H(deadline)}" : "n/a")
                .Append(" · projection ").Append(V(node.Projection, node.Unit, header)).Append("</div>\n");
            if (node.ExpectedProgress is { } expected)
            {
                var done = node.IsThreshold ? null : node.Progress;
                var label = (done is { } d ? $"{NumberFormat.Display(d, 0)} % done, " : string.Empty) + $"{NumberFormat.Display(expected, 0)} % of the time gone";
                html.Append("<div class=\"node-bar\"><div class=\"track\" role=\"img\" aria-label=\"").Append(H(label)).Append("\">");
                if (done is { } fill)
                {
                    html.Append("<span class=\"done\" style=\"width:").Append(Width(fill)).Append("%\"></span>");
                }

                html.Append("<i class=\"elapsed\" style=\"left:").Append(Width(expected)).Append("%\"></i></div><span class=\"small\">").Append(H(label)).Append("</span></div>\n");
            }

            if (node.Reason is { } reason)
            {
                html.Append("<div class=\"node-why small muted\">").Append(H(reason)).Append("</div>\n");
            }

            if (node.Children.Count > 0)
            {
                Cascade(html, node.Children, deadline, header);
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    /// <summary>A percentage as a CSS width, held to 0–100 (the number beside the bar says when it is beyond).</summary>
    private static string Width(double percent) => Math.Clamp(percent, 0, 100).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Value(double? value, KpiUnit unit, ReportHeader header) => UnitFormat.Display(value, unit, header.Currency);

    private static void Term(StringBuilder html, string term, string text) =>
        html.Append("<dt>").Append(H(term)).Append("</dt><dd>").Append(H(text)).Append("</dd>");

    /// <summary>A progress bar, 0–100 % filled (the number beside it may be beyond).</summary>
    private static void Bar(StringBuilder html, string label, double percent, string kind)
    {
        var width = Width(percent);
        html.Append("<div class=\"bar-row\"><span>").Append(H(label)).Append("</span><div class=\"track\" role=\"img\" aria-label=\"")
            .Append(H($"{label}: {NumberFormat.Display(percent, 0)} %")).Append("\"><span class=\"").Append(kind).Append("\" style=\"width:").Append(width).Append("%\"></span></div><span class=\"num\">")
            .Append(H(NumberFormat.Display(percent, 0))).Append(" %</span></div>\n");
    }

    private static void Breakdowns(StringBuilder html, ClientReport report)
    {
        if (report.Breakdowns.Count == 0)
        {
            return;
        }

        var header = report.Header;
        html.Append("<section id=\"breakdowns\">\n<h2>Breakdown by ").Append(H(string.Join(", ", header.Dimensions))).Append("</h2>\n")
            .Append("<p class=\"small muted\">Each value is computed from its own rows (a ratio is never an average of ratios); the last ")
            .Append(ClientReportBuilder.BreakdownPeriods.ToString(CultureInfo.InvariantCulture)).Append(" periods at most, the chart for the latest.</p>\n");
        foreach (var breakdown in report.Breakdowns)
        {
            html.Append("<div class=\"breakdown\">\n<h3>").Append(H(breakdown.Name)).Append("</h3>\n<table class=\"compact\"><thead><tr><th>")
                .Append(H(string.Join(", ", header.Dimensions))).Append("</th>");
            foreach (var period in breakdown.Periods)
            {
                html.Append("<th class=\"num\">").Append(H(period)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>\n");
            foreach (var row in breakdown.Rows)
            {
                html.Append(row.IsTotal ? "<tr class=\"total\">" : "<tr>").Append("<td>").Append(H(row.Label)).Append("</td>");
                foreach (var point in row.Points)
                {
                    html.Append("<td class=\"num\"");
                    if (point.Reason is { } reason)
                    {
                        html.Append(" title=\"").Append(H(reason)).Append('"');
                    }

                    html.Append('>').Append(V(point.Value, breakdown.Unit, header)).Append(point.Partial ? "*" : string.Empty).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody></table>\n").Append(ReportSvg.Bars(breakdown, header.Currency)).Append("\n</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void Notes(StringBuilder html, ClientReport report)
    {
        html.Append("<section id=\"notes\">\n<h2>Notes</h2>\n");
        if (report.Notes.Count == 0)
        {
            html.Append("<p>Every value was computed: no KPI is undefined in any period.</p>\n");
        }
        else
        {
            html.Append("<p class=\"small muted\">Values that could not be computed, and why. An undefined value is never shown as 0.</p>\n");
            NoteTable(html, report.Notes, "Why there is no value");
        }

        if (report.StatusNotes.Count > 0)
        {
            html.Append("<h3>Statuses not judged</h3>\n<p class=\"small muted\">Values with too little data behind them (a partial period, a sample below the minimum) or a benchmark that does not judge this grain: never good, warning or poor.</p>\n");
            NoteTable(html, report.StatusNotes, "Why the status is not judged");
        }

        html.Append("</section>\n");
    }

    private static void NoteTable(StringBuilder html, IReadOnlyList<ReportNote> notes, string reasonHeading)
    {
        html.Append("<table class=\"compact\"><thead><tr><th>KPI</th><th>Breakdown</th><th>Periods</th><th>").Append(H(reasonHeading)).Append("</th></tr></thead><tbody>\n");
        foreach (var note in notes)
        {
            html.Append("<tr><td>").Append(H(note.Name)).Append(" <code class=\"muted\">").Append(H(note.Kpi)).Append("</code></td><td>")
                .Append(H(note.Dimensions ?? ClientReportBuilder.TotalLabel)).Append("</td><td>").Append(H(note.Periods)).Append("</td><td>").Append(H(note.Reason)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "no rows";

    /// <summary>The grain as an adverb (<c>monthly</c>).</summary>
    public static string Adverb(Grain grain) => grain switch
    {
        Grain.Day => "daily",
        Grain.Week => "weekly",
        Grain.Month => "monthly",
        Grain.Quarter => "quarterly",
        _ => "yearly",
    };

    private static string DirectionText(KpiDirection direction) => direction switch
    {
        KpiDirection.Higher => "higher is better",
        KpiDirection.Lower => "lower is better",
        _ => "neutral",
    };
}
