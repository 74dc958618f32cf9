using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class BorrowTableTests : IDisposable
{
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    private static List<ScannedRow> Join(string lenderPath, string borrowerPath, BorrowDefinition borrow, DiagnosticBag diagnostics)
    {
        var reader = new DatasetSchemaReader();
        var lender = reader.Read(Define(lenderPath), null, diagnostics)!;
        var borrower = reader.Read(Define(borrowerPath, borrow: borrow, name: "payments"), lender, diagnostics)!;
        var table = new BorrowTable(lender, borrower);
        var lenderNeeded = new bool[lender.Width];
        foreach (var column in table.LenderColumnsNeeded)
        {
            lenderNeeded[column.Slot] = true;
        }

        RowSources.For(DatasetFormat.Csv).Scan(lender, lenderNeeded, row => table.Add(row, diagnostics), diagnostics, CancellationToken.None);
        var rows = new List<ScannedRow>();
        RowSources.For(DatasetFormat.Csv).Scan(borrower, [.. borrower.Columns.Select(_ => true)], row =>
        {
            table.Apply(row);
            rows.Add(new ScannedRow(borrower, [.. row.Numbers], [.. row.Texts], row.RecordNumber, row.Line));
        }, diagnostics, CancellationToken.None);
        table.ReportMissingKeys(diagnostics);
        return rows;
    }

    [Fact]
    public void Apply_KnownKeys_FillBorrowedColumnsAndUnknownKeysAreOneKpi3008()
    {
        var diagnostics = new DiagnosticBag();
        var borrow = new BorrowDefinition("orders", "order_id", null, ["ordered_at", "status"], YamlSpan);

        var rows = Join(TestFile("orders.csv"), TestFile("payments.csv"), borrow, diagnostics);

        Assert.Equal(["paid", "paid", null, "paid", null], rows.Select(r => r.Text("status")));
        Assert.Equal(Days(2024, 2, 1), rows[1].Number("ordered_at"));
        // " A-1 " is trimmed before matching.
        Assert.Equal(Days(2024, 1, 5), rows[3].Number("ordered_at"));
        var diagnostic = Single(diagnostics, "KPI3008");
        Assert.Contains("1 rows have a 'order_id' that 'orders' does not have (first: 'A-9')", diagnostic.Message);
        Assert.Contains("1 rows have no 'order_id'", diagnostic.Message);
        Assert.Equal(YamlSpan, diagnostic.Span);
    }

    [Fact]
    public void Add_DuplicateLenderKey_IsKpi3010AndTheFirstRowWins()
    {
        var diagnostics = new DiagnosticBag();
        var lender = _files.Write("orders.csv", "order_id,status\nA-1,first\nA-1,second\n");
        var borrower = _files.Write("payments.csv", "order_id,amount\nA-1,5\n");

        var rows = Join(lender, borrower, new BorrowDefinition("orders", "order_id", null, ["status"], YamlSpan), diagnostics);

        Assert.Equal("first", rows[0].Text("status"));
        Assert.Equal($"{lender}(3)", Single(diagnostics, "KPI3010").Span.ToString());
        Assert.DoesNotContain(diagnostics.Items, d => d.Id == "KPI3008");
    }

    [Fact]
    public void Apply_DifferentKeyNamesAndNumericLenderKey_MatchByValue()
    {
        var diagnostics = new DiagnosticBag();
        var lender = _files.Write("customers.csv", "id,region\n7,north\n8,south\n");
        var borrower = _files.Write("payments.csv", "customer,amount\n007,5\n8,6\n");

        var rows = Join(lender, borrower, new BorrowDefinition("customers", "customer", "id", ["region"], YamlSpan), diagnostics);

        Assert.Equal(["north", "south"], rows.Select(r => r.Text("region")));
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void ColumnsNeeded_AreTheKeysAndLentColumns()
    {
        var diagnostics = new DiagnosticBag();
        var reader = new DatasetSchemaReader();
        var lender = reader.Read(Define(TestFile("orders.csv")), null, diagnostics)!;
        var borrower = reader.Read(Define(TestFile("payments.csv"), borrow: new BorrowDefinition("orders", "order_id", null, ["status"], YamlSpan), name: "payments"), lender, diagnostics)!;

        var table = new BorrowTable(lender, borrower);

        Assert.Equal(["order_id", "status"], table.LenderColumnsNeeded.Select(c => c.Name));
        Assert.Equal(["order_id"], table.BorrowerColumnsNeeded.Select(c => c.Name));
    }
}
