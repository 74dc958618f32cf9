using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KpiEngine.Definitions;

namespace KpiEngine.Reporting;

/// <summary>
/// Writes a <see cref="ClientReport"/> as an Excel workbook through DocumentFormat.OpenXml (the
/// one seam onto it): a sheet of values per period, a sheet of statuses, a sheet of goals, and a
/// breakdown sheet with <c>--by</c>, and a triangle sheet per cohort KPI. Numbers are number cells (never text), an undefined value is
/// an empty cell with its reason beside it, and texts are plain strings, never formulas. The
/// package is re-zipped with fixed entry times and its relationship ids are fixed, so the same
/// report gives the same bytes.
/// </summary>
internal static partial class XlsxReportWriter
{
    /// <summary>The time stamped on every entry of the workbook's zip: fixed, so re-runs give identical bytes.</summary>
    public static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The sheet names, in workbook order.</summary>
    public const string ValuesSheet = "Values", StatusesSheet = "Statuses", GoalsSheet = "Goals", ScorecardSheet = "Scorecard", BreakdownSheet = "Breakdown";

    private const uint TextStyle = 0, HeaderStyle = 1, NumberStyle = 2, IndentStyle = 3;

    public static void Write(Stream stream, ClientReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            // Relationship ids are given: the library makes up random ones otherwise, and the bytes would differ on every run.
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
            workbook.Workbook = new Workbook(new Sheets());
            var styles = workbook.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = Stylesheet(report.Header.Currency);
            AddSheet(workbook, ValuesSheet, Values(report));
            AddSheet(workbook, StatusesSheet, Statuses(report));
            AddSheet(workbook, GoalsSheet, Goals(report));
            if (report.Scorecard.Count > 0)
            {
                AddSheet(workbook, ScorecardSheet, Scorecard(report));
            }

            if (report.Breakdowns.Count > 0)
            {
                AddSheet(workbook, BreakdownSheet, Breakdown(report));
            }

            AddCohortSheets(workbook, report);
        }

        Normalise(package, stream);
    }

    /// <summary>Copies the package entry by entry with <see cref="EntryTime"/>: the packaging library stamps entries with the current time.</summary>
    private static void Normalise(MemoryStream package, Stream output)
    {
        package.Position = 0;
        using var source = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = EntryTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    private static List<List<object?>> Values(ClientReport report)
    {
        var periods = report.Header.Periods;
        List<List<object?>> rows = [[Header("KPI"), Header("Name"), Header("Unit"), .. periods.Select(Header)]];
        rows.AddRange(report.Kpis.Select(kpi => (List<object?>)[kpi.Id, kpi.Name, UnitFormat.Unit(kpi.Unit), .. kpi.Points.Select(p => (object?)p.Value)]));
        return rows;
    }

    private static List<List<object?>> Statuses(ClientReport report)
    {
        List<List<object?>> rows = [[Header("KPI"), Header("Name"), Header("Period"), Header("Value"), Header("Unit"), Header("Status"), Header("Good"), Header("Poor"), Header("Partial"), Header("Why undefined"), Header("Why not judged")]];
        foreach (var kpi in report.Kpis)
        {
            // The thresholds the values were judged against at this grain, converted when the benchmark is stated for another.
            var bands = kpi.Direction != KpiDirection.Neutral ? kpi.Bands : null;
            rows.AddRange(kpi.Points.Select(p => (List<object?>)[
                kpi.Id, kpi.Name, p.Period, p.Value, UnitFormat.Unit(kpi.Unit), ReportText.Verdict(kpi, p),
                bands?.Good, bands?.Poor, p.Partial ? "partial" : null, p.Reason, p.StatusReason]));
        }

        return rows;
    }

    /// <summary>
    /// A row per goal and, under it, a row per supporting KPI of its cascade, depth first: <c>Level</c> 0 for the goal,
    /// 1 for its supporting KPIs, 2 for theirs; the name indented by its level and <c>Parent</c> the KPI above it, so
    /// the tree reads down the sheet and still filters and sorts.
    /// </summary>
    private static List<List<object?>> Goals(ClientReport report)
    {
        List<List<object?>> rows =
        [
            [Header("Goal"), Header("Level"), Header("KPI"), Header("Name"), Header("Parent"), Header("Target from"), Header("Status"), Header("Baseline period"), Header("Baseline"),
             Header("Target"), Header("Deadline"), Header("Current period"), Header("Current"), Header("Done %"), Header("Time elapsed %"), Header("Projection"), Header("Why")],
        ];
        foreach (var goal in report.Goals)
        {
            rows.AddRange(GoalNode.Of(goal).SelfAndDescendants().Select(n => (List<object?>)[
                goal.Name, (double)n.Depth, n.Kpi, n.Depth == 0 ? goal.KpiName : new IndentedText(n.Name, n.Depth), n.Parent, n.TargetKind, ReportText.Goal(n.Status),
                n.Baseline.Period, n.Baseline.Value, n.Target, goal.Deadline, n.Current.Period, n.Current.Value, n.Progress, n.ExpectedProgress, n.Projection, n.Reason]));
        }

        return rows;
    }

    private static List<List<object?>> Scorecard(ClientReport report)
    {
        var categories = report.Scorecard.SelectMany(s => s.Categories.Select(c => c.Category)).Distinct(StringComparer.Ordinal).ToList();
        List<List<object?>> rows = [[Header("Period"), Header("Overall"), .. categories.Select(Header)]];
        rows.AddRange(report.Scorecard.Select(s => (List<object?>)[s.Period, s.Score, .. categories.Select(c => (object?)s.Categories.FirstOrDefault(x => x.Category == c)?.Score)]));
        return rows;
    }

    private static List<List<object?>> Breakdown(ClientReport report)
    {
        var periods = report.Breakdowns[0].Periods;
        List<List<object?>> rows = [[Header("KPI"), Header(string.Join(", ", report.Header.Dimensions)), .. periods.Select(Header)]];
        foreach (var breakdown in report.Breakdowns)
        {
            rows.AddRange(breakdown.Rows.Select(r => (List<object?>)[breakdown.Kpi, r.Label, .. r.Points.Select(p => (object?)p.Value)]));
        }

        return rows;
    }

    /// <summary>A header cell's text, marked so it gets the bold style.</summary>
    private static HeaderText Header(string text) => new(text);

    private sealed record HeaderText(string Text);

    /// <summary>A text indented by <paramref name="Level"/> steps (a cascade's depth), at most <see cref="MaxIndent"/>.</summary>
    private sealed record IndentedText(string Text, int Level);

    /// <summary>The deepest indent a cell gets; deeper levels still say their depth in the <c>Level</c> column.</summary>
    private const int MaxIndent = 4;

    /// <summary>Adds a sheet; its header row, and its first <paramref name="frozenColumns"/> columns, stay in view while scrolling.</summary>
    private static void AddSheet(WorkbookPart workbook, string name, List<List<object?>> rows, int frozenColumns = 0)
    {
        var part = workbook.AddNewPart<WorksheetPart>("rIdSheet" + (workbook.WorksheetParts.Count() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = new SheetData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < rows[r].Count; c++)
            {
                if (Cell(rows[r][c], Column(c) + (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } cell)
                {
                    row.Append(cell);
                }
            }

            data.Append(row);
        }

        var widest = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var columns = new Columns();
        for (var c = 0; c < widest; c++)
        {
            var width = Math.Clamp(rows.Max(r => c < r.Count ? Width(r[c]) : 0) + 2, 8, 60);
            columns.Append(new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = width, CustomWidth = true });
        }

        // The header row stays in view while scrolling (xSplit counts frozen columns, ySplit frozen rows).
        var view = new SheetView { WorkbookViewId = 0, TabSelected = name == ValuesSheet };
        view.Append(frozenColumns == 0
            ? new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }
            : new Pane { HorizontalSplit = frozenColumns, VerticalSplit = 1, TopLeftCell = Column(frozenColumns) + "2", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen });
        part.Worksheet = new Worksheet(new SheetViews(view), columns, data);
        var sheets = workbook.Workbook.Sheets!;
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(sheets.Count() + 1), Name = name });
    }

    private static double Width(object? value) => value switch
    {
        HeaderText header => header.Text.Length,
        IndentedText indented => Math.Min(indented.Text.Length + (3 * indented.Level), 60),
        string text => Math.Min(text.Length, 60),
        double or UnitNumber => 12,
        NoteText => 0,
        _ => 0,
    };

    private static Cell? Cell(object? value, string reference) => value switch
    {
        null => null,
        HeaderText header => new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = HeaderStyle, InlineString = new InlineString(Text(header.Text)) },
        IndentedText indented => new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = IndentStyle + (uint)Math.Clamp(indented.Level, 1, MaxIndent) - 1, InlineString = new InlineString(Text(indented.Text)) },
        double number => new Cell { CellReference = reference, DataType = CellValues.Number, StyleIndex = NumberStyle, CellValue = new CellValue(number) },
        UnitNumber number => new Cell { CellReference = reference, DataType = CellValues.Number, StyleIndex = UnitStyle(number.Unit), CellValue = new CellValue(number.Value) },
        string text => new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = TextStyle, InlineString = new InlineString(Text(text)) },
        NoteText note => new Cell { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = TextStyle, InlineString = new InlineString(Text(note.Text)) },
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Only texts and numbers are written."),
    };

    /// <summary>A text element without the control characters XML cannot hold, keeping leading and trailing spaces.</summary>
    private static Text Text(string text) => new(new string([.. text.Where(c => c is '\t' or '\n' or '\r' || !char.IsControl(c))]))
    {
        Space = SpaceProcessingModeValues.Preserve,
    };

    /// <summary>The column letters of a zero-based index: A … Z, AA …</summary>
    private static string Column(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>
    /// The cell formats: plain text, bold header, number with two decimals and grouped thousands, then text indented 1 to
    /// <see cref="MaxIndent"/> steps, then a number format per unit (<see cref="UnitFormats"/>).
    /// </summary>
    private static Stylesheet Stylesheet(string? currency) => new(
        new NumberingFormats([.. UnitFormats(currency).Select((format, i) => new NumberingFormat { NumberFormatId = FirstCustomFormat + (uint)i, FormatCode = format.Code })]),
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(
            [
                new CellFormat(),
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
                .. Enumerable.Range(1, MaxIndent).Select(level => new CellFormat(new Alignment { Indent = (uint)level, Horizontal = HorizontalAlignmentValues.Left }) { ApplyAlignment = true }),
                .. UnitFormats(currency).Select((_, i) => new CellFormat { NumberFormatId = FirstCustomFormat + (uint)i, ApplyNumberFormat = true }),
            ]));
}
