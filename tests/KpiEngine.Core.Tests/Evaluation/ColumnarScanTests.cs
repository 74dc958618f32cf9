using System.Globalization;
using System.Text;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// The column path (plain Sum/Avg/Count/Min/Max per period, blocks of records) against the row path
/// on the same file: a client that also asks for a conditional count must take the row path for the
/// whole dataset, so both runs read the same rows and must agree to the last bit and diagnostic.
/// </summary>
public sealed class ColumnarScanTests
{
    private const string Inputs = """
          total: { dataset: sales, formula: "Sum([amount])" }
          mean: { dataset: sales, formula: "Avg([amount])" }
          low: { dataset: sales, formula: "Min([units])" }
          high: { dataset: sales, formula: "Max([units])" }
          counted: { dataset: sales, formula: "Count([units])" }
          rows: { dataset: sales, formula: "Count()" }
        """;

    private const string Kpis = """
          - { id: k_total, unit: currency, direction: higher, formula: "[total]" }
          - { id: k_mean, unit: currency, direction: higher, formula: "[mean]" }
          - { id: k_low, unit: count, direction: higher, formula: "[low]" }
          - { id: k_high, unit: count, direction: higher, formula: "[high]" }
          - { id: k_counted, unit: count, direction: higher, formula: "[counted]" }
          - { id: k_rows, unit: count, direction: higher, formula: "[rows]" }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_PlainColumnAggregates_AreBitIdenticalToTheRowPath(bool sorted)
    {
        // 20,000 rows: several blocks of 1,024 and, sorted, long runs of one month; amounts of mixed magnitude.
        var lines = GeneratedLines(20_000, sorted);

        var (columnar, rowPath) = RunBoth(lines);

        Assert.Empty(columnar.Diagnostics);
        AssertSameResults(columnar, rowPath);
        Assert.Equal(20_000, columnar.Results.Where(r => r.Kpi == "k_rows").Sum(r => r.Value));
    }

    [Fact]
    public void Run_QuotedAndNonPlainCells_TakeTheRowPathForThoseRecordsOnly()
    {
        var lines = GeneratedLines(10_000, sorted: true);
        lines[100] = "2024-01-05,\"12.5\",3";   // quoted cell
        lines[5_000] = "2024-07-01,1e3,4";       // an exponent: not a plain decimal
        lines[5_001] = "2024-07-01, 7.25 ,5";    // blanks around a number
        lines[7_000] = "2024-09-10,,";           // missing values
        lines[7_001] = "2024-09-10,-0,+5";       // signs: -0 is negative zero
        lines[7_002] = "2024-09-10,.5,5.";       // no integer digits, no fraction digits
        lines[7_003] = "2024-09-10,123456789012.345,1234567890123456"; // 15 digits (plain), 16 (parsed in full)

        var (columnar, rowPath) = RunBoth(lines);

        Assert.Empty(columnar.Diagnostics);
        AssertSameResults(columnar, rowPath);
    }

    [Fact]
    public void Run_BadCellRaggedRowAndMissingTime_AreReportedAtTheirTrueLines()
    {
        var lines = GeneratedLines(10_000, sorted: true);
        lines[6_000] = "2024-08-01,abc,2";       // file line 6,002: header is line 1
        lines[6_500] = "2024-08-03,1.5";         // ragged, line 6,502
        lines[9_000] = ",4.5,2";                 // no time, line 9,002

        var (columnar, rowPath) = RunBoth(lines);

        AssertSameResults(columnar, rowPath);
        Assert.Equal(Describe(rowPath.Diagnostics), Describe(columnar.Diagnostics));
        var badCell = Assert.Single(columnar.Diagnostics, d => d.Id == DiagnosticCatalog.BadCell.Id);
        Assert.Equal(6_002, badCell.Span!.Value.Line);
        Assert.Contains("record 6001, column 'amount': 'abc' is not a number", badCell.Message, StringComparison.Ordinal);
        Assert.Equal(6_502, Assert.Single(columnar.Diagnostics, d => d.Id == DiagnosticCatalog.RaggedRow.Id).Span!.Value.Line);
        Assert.Equal(9_002, Assert.Single(columnar.Diagnostics, d => d.Id == DiagnosticCatalog.MissingTime.Id).Span!.Value.Line);
    }

    [Fact]
    public void Run_LineEndingsSkippedTextAndRaggedLines_MatchTheRowPathWithAndWithoutADimension()
    {
        // A wider file: a text column no KPI reads (skipped by the one-pass line parse) and a shop to group
        // by. Lines the one-pass parse must leave to the record path, each beside plain ones, and every
        // result and diagnostic equal to the row path's, per shop too.
        var lines = GeneratedLines(6_000, sorted: false)
            .Select((line, i) => $"{line},note {i % 7},{Shops[i % Shops.Length]}").ToArray();
        lines[10] = lines[10] + "\r";                                  // CRLF line end
        lines[11] = "2024-02-03,10.5,3,\"quoted, note\",north";          // quotes in a column not read
        lines[12] = "2024-02-03,10.5,3,5\" screen,south";                // a literal quote inside a field
        lines[13] = "2024-02-03,10.5,3,Café crème,Zürich";               // text above 0x7F
        lines[14] = "2024-02-03,10.5,3,note,north,extra";                // one field too many
        lines[15] = "2024-02-03,10.5,3,note";                            // one field too few
        lines[16] = "2024-02-03,10.5,3,note, north";                     // a blank before the shop
        lines[17] = "2024-02-03,10.5,3,note,";                           // no shop
        lines[18] = "2024-02-03 ,10.5,3,note,north";                     // a blank after the date
        lines[19] = "2024-02-03,10.5,3,,north";                          // an empty skipped field
        lines[20] = "2024-02-03,10.5\r,3,note,north";                   // a lone carriage return inside

        foreach (var dimension in new[] { false, true })
        {
            var (columnar, rowPath) = RunBoth(lines, ",note,shop", ", note: text, shop: text", dimension ? ["shop"] : []);

            AssertSameResults(columnar, rowPath);
            Assert.Equal(Describe(rowPath.Diagnostics), Describe(columnar.Diagnostics));
            Assert.Contains(columnar.Diagnostics, d => d.Id == DiagnosticCatalog.RaggedRow.Id);
        }
    }

    private static readonly string[] Shops = ["north", "south", "Zürich", "east"];

    /// <summary>Data lines (no header): dates over 2023-2025, amounts with two decimals from cents to millions, whole units.</summary>
    private static string[] GeneratedLines(int count, bool sorted)
    {
        var random = new Random(20261122);
        var first = new DateOnly(2023, 1, 1);
        var days = Enumerable.Range(0, count).Select(i => sorted ? i * 1095 / count : random.Next(1095)).ToArray();
        return [.. days.Select(day => string.Create(CultureInfo.InvariantCulture,
            $"{first.AddDays(day):yyyy-MM-dd},{random.Next(1_000_000) / 100.0 * Math.Pow(10, random.Next(5)):0.00},{random.Next(-50, 1000)}"))];
    }

    private static (ClientResult Columnar, ClientResult RowPath) RunBoth(string[] lines) => RunBoth(lines, "", "", []);

    /// <summary>
    /// Runs the file's lines (the last without a line break) through a client that takes the column
    /// path and one that takes the row path; <paramref name="extraHeader"/> and <paramref name="extraColumns"/>
    /// add columns after day, amount and units; <paramref name="by"/> the dimensions to group by.
    /// </summary>
    private static (ClientResult Columnar, ClientResult RowPath) RunBoth(string[] lines, string extraHeader, string extraColumns, string[] by)
    {
        using var folder = new ClientFolder();
        folder.Write("sales.csv", "day,amount,units" + extraHeader + "\n" + string.Join('\n', lines));
        var header = $$"""
            client: c
            datasets:
              sales: { path: sales.csv, time: day, columns: { day: date, amount: number, units: number{{extraColumns}} } }
            inputs:

            """;
        var columnar = folder.Write("columnar.yaml", header + Inputs + "\nkpis:\n" + Kpis + "\n");

        // A condition is not a plain column aggregate, so this client reads the dataset row by row.
        var rowPath = folder.Write("rows.yaml", header + Inputs
            + "\n  positive: { dataset: sales, formula: \"CountIf([units] > 0)\" }\nkpis:\n" + Kpis
            + "\n  - { id: k_positive, unit: count, direction: higher, formula: \"[positive]\" }\n");
        var evaluator = new KpiEvaluator();
        var options = new EvaluationOptions { Dimensions = by };
        return (evaluator.Run(columnar, options), evaluator.Run(rowPath, options));
    }

    private static void AssertSameResults(ClientResult columnar, ClientResult rowPath)
    {
        var expected = rowPath.Results.Where(r => r.Kpi != "k_positive")
            .Select(r => (r.Kpi, r.Period, Where: string.Join('/', r.Dimensions.Select(d => d.Value)), Bits: r.Value is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null, r.Reason)).ToList();
        var actual = columnar.Results.Select(r => (r.Kpi, r.Period, Where: string.Join('/', r.Dimensions.Select(d => d.Value)), Bits: r.Value is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null, r.Reason)).ToList();
        Assert.NotEmpty(actual);
        Assert.Equal(expected, actual);
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics.Where(d => d.Span is { } span && !span.File.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.Id} {d.Span!.Value.Line} {d.Message}\n");
        }

        return text.ToString();
    }
}
