using System.Globalization;
using System.Net;
using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Time;

namespace KpiEngine.Reporting;

/// <summary>
/// The report's charts as inline SVG, drawn by the engine: no script, no font or image from the
/// network, and the same bytes for the same values. Every text in them is HTML-escaped, since the
/// SVG sits inside the HTML document and is parsed by its parser.
/// </summary>
internal static class ReportSvg
{
    /// <summary>The size of a KPI chart (its viewBox); the page scales it down on narrow screens and paper.</summary>
    public const int ChartWidth = 560;

    /// <summary>The height of a KPI chart.</summary>
    public const int ChartHeight = 240;

    /// <summary>The size of a tile's sparkline.</summary>
    public const int SparkWidth = 200;

    /// <summary>The height of a tile's sparkline.</summary>
    public const int SparkHeight = 36;

    private const double Left = 56, Right = 16, Top = 14, Bottom = 34;

    /// <summary>
    /// A goal's deadline further than this many periods after the last reported one is not drawn:
    /// the chart would be mostly empty future.
    /// </summary>
    private const int MaxFuturePeriods = 24;

    /// <summary>HTML-escapes a text for an element or a quoted attribute.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A coordinate with at most two decimals, invariant culture.</summary>
    private static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The fill colour of a status (the word and the icon say it too, for readers without colour).</summary>
    public static string Colour(ReportStatus status) => status switch
    {
        ReportStatus.Good => "#1a7f37",
        ReportStatus.Warning => "#b26a00",
        ReportStatus.Poor => "#c62828",
        ReportStatus.InsufficientData => "#64748b",
        _ => "#1f4e79",
    };

    /// <summary>A 14-pixel status icon whose shape differs by status: a tick, an exclamation mark, a cross, a dash.</summary>
    public static string Icon(ReportStatus status) => Icon(status switch
    {
        ReportStatus.Good => IconShape.Tick,
        ReportStatus.Warning => IconShape.Exclamation,
        ReportStatus.Poor => IconShape.Cross,
        ReportStatus.InsufficientData => IconShape.Question,
        _ => IconShape.Dash,
    }, status == ReportStatus.NotJudged ? "#6b7280" : Colour(status));

    /// <summary>An icon shape for statuses and goal verdicts.</summary>
    public enum IconShape
    {
        /// <summary>Good, achieved, on track.</summary>
        Tick,

        /// <summary>Warning, at risk.</summary>
        Exclamation,

        /// <summary>Poor, off track.</summary>
        Cross,

        /// <summary>Not judged, unknown.</summary>
        Dash,

        /// <summary>Insufficient data.</summary>
        Question,
    }

    /// <summary>A 14-pixel round icon of <paramref name="shape"/> in <paramref name="colour"/>, hidden from screen readers (the word next to it says it).</summary>
    public static string Icon(IconShape shape, string colour)
    {
        var mark = shape switch
        {
            IconShape.Tick => "<path d=\"M4 7.5l2 2 4-5\" fill=\"none\" stroke=\"#fff\" stroke-width=\"1.8\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
            IconShape.Exclamation => "<path d=\"M7 3.5v4.2\" stroke=\"#fff\" stroke-width=\"1.8\" stroke-linecap=\"round\"/><circle cx=\"7\" cy=\"10.2\" r=\"1\" fill=\"#fff\"/>",
            IconShape.Cross => "<path d=\"M4.5 4.5l5 5M9.5 4.5l-5 5\" stroke=\"#fff\" stroke-width=\"1.8\" stroke-linecap=\"round\"/>",
            IconShape.Question => "<path d=\"M5.1 5.3a1.9 1.9 0 1 1 2.7 1.8c-.6.3-.8.6-.8 1.2\" fill=\"none\" stroke=\"#fff\" stroke-width=\"1.6\" stroke-linecap=\"round\"/><circle cx=\"7\" cy=\"10.5\" r=\"0.95\" fill=\"#fff\"/>",
            _ => "<path d=\"M4 7h6\" stroke=\"#fff\" stroke-width=\"1.8\" stroke-linecap=\"round\"/>",
        };
        return $"<svg class=\"icon\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"7\" fill=\"{colour}\"/>{mark}</svg>";
    }

    /// <summary>A tile's sparkline: the defined values as a line (broken where undefined), the latest as a dot.</summary>
    public static string Sparkline(KpiReport kpi) =>
        Sparkline([.. kpi.Points.Select(p => p.Value)], i => kpi.Points[i].Status, $"Trend of {kpi.Name}", "spark");

    /// <summary>A sparkline of <paramref name="values"/>, the last defined one as a dot coloured by <paramref name="statusAt"/>.</summary>
    public static string Sparkline(List<double?> values, Func<int, ReportStatus> statusAt, string label, string cssClass)
    {
        var defined = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"{cssClass}\" width=\"{SparkWidth}\" height=\"{SparkHeight}\" viewBox=\"0 0 {SparkWidth} {SparkHeight}\" role=\"img\" aria-label=\"{Text(label)}\">");
        if (defined.Count > 0)
        {
            var (min, max) = (defined.Min(), defined.Max());
            if (min == max)
            {
                (min, max) = (min - 1, max + 1);
            }

            var step = values.Count > 1 ? (SparkWidth - 8.0) / (values.Count - 1) : 0;
            double X(int i) => values.Count > 1 ? 4 + (i * step) : SparkWidth / 2.0;
            double Y(double v) => SparkHeight - 4 - ((v - min) / (max - min) * (SparkHeight - 8));
            foreach (var run in Runs(values))
            {
                svg.Append(run.Count == 1
                    ? $"<circle cx=\"{N(X(run[0]))}\" cy=\"{N(Y(values[run[0]]!.Value))}\" r=\"1.5\" fill=\"#1f4e79\"/>"
                    : $"<polyline points=\"{string.Join(' ', run.Select(i => N(X(i)) + "," + N(Y(values[i]!.Value))))}\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"1.6\"/>");
            }

            var last = values.FindLastIndex(v => v is not null);
            var status = statusAt(last);
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(last))}\" cy=\"{N(Y(values[last]!.Value))}\" r=\"3\" fill=\"{Colour(status)}\"/>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Runs of consecutive defined values, as index lists: a line is never drawn across an undefined period.</summary>
    private static List<List<int>> Runs(List<double?> values)
    {
        var runs = new List<List<int>>();
        List<int>? open = null;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                open = null;
                continue;
            }

            if (open is null)
            {
                open = [];
                runs.Add(open);
            }

            open.Add(i);
        }

        return runs;
    }

    /// <summary>
    /// A KPI's chart: its values over the periods, the benchmark bands shaded, each goal's target as a
    /// dashed level and its projection as a dotted line to the deadline, partial periods as hollow
    /// points, undefined periods as hatched gaps whose title says why.
    /// </summary>
    public static string Chart(KpiReport kpi, int index, PeriodCalendar calendar, string? currency)
    {
        var periods = kpi.Points.Select(p => p.Period).ToList();
        var ordinals = new List<int>();
        foreach (var label in periods)
        {
            ordinals.Add(calendar.TryParse(label, end: false, out var o) ? o : (ordinals.Count > 0 ? ordinals[^1] + 1 : 0));
        }

        // Goals whose deadline lies within reach get their projection drawn there; the axis grows to hold it.
        var slots = periods.Count;
        var goals = new List<(GoalLine Line, int? DeadlineSlot, int? CurrentSlot)>();
        foreach (var line in kpi.GoalLines)
        {
            int? deadline = null;
            if (ordinals.Count > 0 && calendar.TryParse(line.Deadline, end: true, out var d) && d >= ordinals[0] && d - ordinals[^1] <= MaxFuturePeriods)
            {
                deadline = d - ordinals[0];
                slots = Math.Max(slots, deadline.Value + 1);
            }

            int? current = periods.IndexOf(line.Current.Period) is >= 0 and var at ? at : null;
            goals.Add((line, deadline, current));
        }

        var scale = new List<double>();
        scale.AddRange(kpi.Points.Where(p => p.Value is not null).Select(p => p.Value!.Value));
        if (kpi.Bands is { } b && kpi.Direction != KpiDirection.Neutral)
        {
            scale.Add(b.Good);
            scale.Add(b.Poor);
        }

        foreach (var (line, deadline, _) in goals)
        {
            scale.Add(line.Target);
            if (deadline is not null && line.Projection is { } projection)
            {
                scale.Add(projection);
            }
        }

        var axis = Axis.For(scale);
        var plotWidth = ChartWidth - Left - Right;
        var plotHeight = ChartHeight - Top - Bottom;
        var slotWidth = plotWidth / Math.Max(1, slots);
        double X(int slot) => Left + ((slot + 0.5) * slotWidth);
        double Y(double value) => Top + ((axis.Max - value) / (axis.Max - axis.Min) * plotHeight);
        double Clamp(double y) => Math.Clamp(y, Top, Top + plotHeight);

        var svg = new StringBuilder();
        var title = $"{kpi.Name} per {GrainWord(calendar.Grain)}";
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" role=\"img\" aria-labelledby=\"chart-title-{index}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"chart-title-{index}\">{Text(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<defs><pattern id=\"gap-{index}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f3f4f6\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c7cbd1\" stroke-width=\"2\"/></pattern></defs>");

        // Benchmark bands at this grain: good, warning and poor zones for the KPI's direction.
        if (kpi.Bands is { } bench && kpi.Direction != KpiDirection.Neutral)
        {
            var higher = kpi.Direction == KpiDirection.Higher;
            Band(svg, Clamp(Y(higher ? axis.Max : bench.Good)), Clamp(Y(higher ? bench.Good : axis.Min)), ReportStatus.Good, $"good: {(higher ? "at least" : "at most")} {UnitFormat.Display(bench.Good, kpi.Unit, currency)}");
            Band(svg, Clamp(Y(Math.Max(bench.Good, bench.Poor))), Clamp(Y(Math.Min(bench.Good, bench.Poor))), ReportStatus.Warning, $"warning: between {UnitFormat.Display(Math.Min(bench.Good, bench.Poor), kpi.Unit, currency)} and {UnitFormat.Display(Math.Max(bench.Good, bench.Poor), kpi.Unit, currency)}");
            Band(svg, Clamp(Y(higher ? bench.Poor : axis.Max)), Clamp(Y(higher ? axis.Min : bench.Poor)), ReportStatus.Poor, $"poor: {(higher ? "at most" : "at least")} {UnitFormat.Display(bench.Poor, kpi.Unit, currency)}");
        }

        // Grid and value axis.
        foreach (var tick in axis.Ticks)
        {
            var y = N(Y(tick));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{y}\" x2=\"{N(ChartWidth - Right)}\" y2=\"{y}\" stroke=\"#d9dde3\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 6)}\" y=\"{y}\" dy=\"0.32em\" text-anchor=\"end\" class=\"tick\">{Text(UnitFormat.Axis(tick))}</text>");
        }

        // Undefined periods: a hatched gap over the period, its title the reason.
        for (var i = 0; i < kpi.Points.Count; i++)
        {
            if (kpi.Points[i] is { Value: null } gap)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"gap\" x=\"{N(Left + (i * slotWidth) + 1)}\" y=\"{N(Top)}\" width=\"{N(Math.Max(1, slotWidth - 2))}\" height=\"{N(plotHeight)}\" fill=\"url(#gap-{index})\"><title>{Text($"{gap.Period}: no value, because {gap.Reason}")}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(i))}\" y=\"{N(Top + plotHeight - 6)}\" text-anchor=\"middle\" class=\"na\">n/a</text>");
            }
        }

        // Period axis: as many labels as fit, evenly spaced back from the last one, which is always shown.
        var every = Math.Max(1, (int)Math.Ceiling(slots / (plotWidth / 50.0)));
        for (var slot = 0; slot < slots; slot++)
        {
            if ((slots - 1 - slot) % every != 0)
            {
                continue;
            }

            var label = slot < periods.Count ? periods[slot] : calendar.Label(ordinals[0] + slot);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(slot))}\" y=\"{N(ChartHeight - Bottom + 16)}\" text-anchor=\"middle\" class=\"tick\">{Text(label)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(Top + plotHeight)}\" x2=\"{N(ChartWidth - Right)}\" y2=\"{N(Top + plotHeight)}\" stroke=\"#6b7280\" stroke-width=\"1\"/>");

        // Goals: the target as a dashed level, the projection from the current value to the deadline.
        foreach (var (line, deadline, current) in goals)
        {
            var y = N(Clamp(Y(line.Target)));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"goal-target\" x1=\"{N(Left)}\" y1=\"{y}\" x2=\"{N(ChartWidth - Right)}\" y2=\"{y}\" stroke=\"#6b3fa0\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>{Text($"Goal '{line.Goal}': target {UnitFormat.Display(line.Target, kpi.Unit, currency)} by {line.Deadline}")}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(ChartWidth - Right - 2)}\" y=\"{y}\" dy=\"-0.4em\" text-anchor=\"end\" class=\"goal-label\">{Text("target " + UnitFormat.Display(line.Target, kpi.Unit, currency))}</text>");
            if (deadline is { } end && current is { } from && line.Current.Value is { } now && line.Projection is { } projection)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"goal-projection\" x1=\"{N(X(from))}\" y1=\"{N(Clamp(Y(now)))}\" x2=\"{N(X(end))}\" y2=\"{N(Clamp(Y(projection)))}\" stroke=\"#6b3fa0\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"><title>{Text($"Goal '{line.Goal}': projected {UnitFormat.Display(projection, kpi.Unit, currency)} at {line.Deadline}")}</title></line>");
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(end))}\" cy=\"{N(Clamp(Y(projection)))}\" r=\"3\" fill=\"#fff\" stroke=\"#6b3fa0\" stroke-width=\"1.5\"/>");
            }
        }

        // The values: a line broken at undefined periods, a point per period coloured by status.
        var values = kpi.Points.Select(p => p.Value).ToList();
        foreach (var run in Runs(values).Where(r => r.Count > 1))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"values\" points=\"{string.Join(' ', run.Select(i => N(X(i)) + "," + N(Y(values[i]!.Value))))}\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
        }

        for (var i = 0; i < kpi.Points.Count; i++)
        {
            if (kpi.Points[i] is not { Value: { } value } point)
            {
                continue;
            }

            var text = $"{point.Period}: {UnitFormat.Display(value, kpi.Unit, currency)}" + (point.Status == ReportStatus.NotJudged ? string.Empty : $" ({ReportText.Status(point.Status)})") + (point.Partial ? " — partial period: the data covers only part of it" : string.Empty);
            svg.Append(point.Partial
                ? $"<circle class=\"point partial\" cx=\"{N(X(i))}\" cy=\"{N(Y(value))}\" r=\"4.5\" fill=\"#fff\" stroke=\"{Colour(point.Status)}\" stroke-width=\"2\" stroke-dasharray=\"2 1.5\"><title>{Text(text)}</title></circle>"
                : $"<circle class=\"point\" cx=\"{N(X(i))}\" cy=\"{N(Y(value))}\" r=\"4\" fill=\"{Colour(point.Status)}\" stroke=\"#fff\" stroke-width=\"1\"><title>{Text(text)}</title></circle>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Band(StringBuilder svg, double top, double bottom, ReportStatus status, string title)
    {
        if (bottom - top < 0.5)
        {
            return;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"band band-{ReportText.StatusClass(status)}\" x=\"{N(Left)}\" y=\"{N(top)}\" width=\"{N(ChartWidth - Left - Right)}\" height=\"{N(bottom - top)}\" fill=\"{Colour(status)}\" fill-opacity=\"0.09\"><title>{Text(title)}</title></rect>");
    }

    /// <summary>
    /// A breakdown's bar chart for one period: a horizontal bar per dimension value, coloured by
    /// status, and the total as a dashed reference line where it lies within the bars' range (a
    /// ratio's total, which is not the sum of its bars; a sum's total lies beyond them).
    /// </summary>
    public static string Bars(KpiBreakdown breakdown, string? currency)
    {
        const double labelWidth = 170, valueWidth = 90, barHeight = 18, gap = 6, top = 8;
        var rows = breakdown.Rows.Where(r => !r.IsTotal).ToList();
        var period = breakdown.Periods.Count - 1;
        var values = rows.Select(r => r.Points[period].Value).ToList();
        var total = breakdown.Rows.FirstOrDefault(r => r.IsTotal)?.Points[period].Value;
        // The scale is the bars': a total that is their sum (revenue) would squeeze them, so its line is drawn only when it falls among them (a ratio).
        var known = values.Where(v => v is not null).Select(v => v!.Value).Append(0).ToList();
        var (min, max) = (known.Min(), known.Max());
        if (min == max)
        {
            max = min + 1;
        }

        var height = top + (rows.Count * (barHeight + gap)) + 14;
        var plot = ChartWidth - labelWidth - valueWidth;
        double X(double v) => labelWidth + ((v - min) / (max - min) * plot);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"bars\" width=\"{ChartWidth}\" height=\"{N(height)}\" viewBox=\"0 0 {ChartWidth} {N(height)}\" role=\"img\" aria-label=\"{Text($"{breakdown.Name} per dimension value in {breakdown.Periods[period]}")}\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = top + (i * (barHeight + gap));
            var point = rows[i].Points[period];
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(labelWidth - 8)}\" y=\"{N(y + (barHeight / 2))}\" dy=\"0.32em\" text-anchor=\"end\" class=\"tick\">{Text(Shorten(rows[i].Label, 28))}<title>{Text(rows[i].Label)}</title></text>");
            if (point.Value is { } v)
            {
                var (from, to) = (X(Math.Min(0, v)), X(Math.Max(0, v)));
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{N(from)}\" y=\"{N(y)}\" width=\"{N(Math.Max(1, to - from))}\" height=\"{N(barHeight)}\" fill=\"{Colour(point.Status)}\" fill-opacity=\"0.85\"><title>{Text($"{rows[i].Label}: {UnitFormat.Display(v, breakdown.Unit, currency)}")}</title></rect>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(Math.Max(0, v)) + 6)}\" y=\"{N(y + (barHeight / 2))}\" dy=\"0.32em\" class=\"tick\">{Text(UnitFormat.Display(v, breakdown.Unit, currency))}</text>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(0) + 6)}\" y=\"{N(y + (barHeight / 2))}\" dy=\"0.32em\" class=\"na\">n/a<title>{Text(point.Reason)}</title></text>");
            }
        }

        if (total is { } reference && reference >= min && reference <= max)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(reference))}\" y1=\"{N(top - 4)}\" x2=\"{N(X(reference))}\" y2=\"{N(height - 12)}\" stroke=\"#111827\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"><title>{Text("Total: " + UnitFormat.Display(reference, breakdown.Unit, currency))}</title></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(reference))}\" y=\"{N(height - 2)}\" text-anchor=\"middle\" class=\"tick\">total</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(0))}\" y1=\"{N(top - 4)}\" x2=\"{N(X(0))}\" y2=\"{N(height - 12)}\" stroke=\"#6b7280\" stroke-width=\"1\"/>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    private static string GrainWord(Grain grain) => grain switch
    {
        Grain.Day => "day",
        Grain.Week => "week",
        Grain.Month => "month",
        Grain.Quarter => "quarter",
        _ => "year",
    };

    /// <summary>A value axis with "nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten) around the values.</summary>
    private sealed record Axis(double Min, double Max, IReadOnlyList<double> Ticks)
    {
        public static Axis For(List<double> values)
        {
            if (values.Count == 0)
            {
                return new Axis(0, 1, [0, 0.5, 1]);
            }

            var (low, high) = (values.Min(), values.Max());
            if (low == high)
            {
                var pad = low == 0 ? 1 : Math.Abs(low) * 0.1;
                (low, high) = (low - pad, high + pad);
            }

            var rough = (high - low) / 4;
            var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
            var step = (rough / magnitude) switch
            {
                <= 1 => 1,
                <= 2 => 2,
                <= 2.5 => 2.5,
                <= 5 => 5,
                _ => 10,
            } * magnitude;
            var min = Math.Floor(low / step) * step;
            var max = Math.Ceiling(high / step) * step;
            if (max == high)
            {
                max += step; // room above the highest point for the goal label
            }

            var ticks = new List<double>();
            for (var i = 0; min + (i * step) <= max + (step / 2); i++)
            {
                ticks.Add(Math.Round(min + (i * step), 12));
            }

            return new Axis(min, max, ticks);
        }
    }
}
