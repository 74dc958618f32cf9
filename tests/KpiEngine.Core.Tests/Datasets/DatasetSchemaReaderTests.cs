using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class DatasetSchemaReaderTests : IDisposable
{
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    private static (DatasetSchema? Schema, DiagnosticBag Diagnostics) Read(DatasetDefinition definition, DatasetSchema? lender = null, DatasetSchemaReader? reader = null)
    {
        var diagnostics = new DiagnosticBag();
        return ((reader ?? new DatasetSchemaReader()).Read(definition, lender, diagnostics), diagnostics);
    }

    [Fact]
    public void Read_Csv_InfersTypesFromTheSample()
    {
        var (schema, diagnostics) = Read(Define(TestFile("orders.csv"), time: "ordered_at"));

        Assert.Empty(diagnostics.Items);
        Assert.Equal(
            [("order_id", ColumnType.Text, 0), ("ordered_at", ColumnType.Date, 1), ("total", ColumnType.Number, 2),
             ("status", ColumnType.Text, 3), ("customer", ColumnType.Text, 4), ("paid", ColumnType.Boolean, 5)],
            schema!.Columns.Select(c => (c.Name, c.Type, c.SourceIndex)));
        Assert.Equal("ordered_at", schema.TimeColumn!.Name);
    }

    [Fact]
    public void Read_MixedDatesAndDateTimes_InferDateTime()
    {
        var path = _files.Write("t.csv", "at,when,n\n2024-01-05,2024-01-05,1\n2024-01-06 10:00,2024-01-06,\n");

        var (schema, _) = Read(Define(path));

        Assert.Equal([ColumnType.DateTime, ColumnType.Date, ColumnType.Number], schema!.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Read_EmptyColumnAndMixedValues_InferText()
    {
        var path = _files.Write("t.csv", "empty,mixed,flag\n,1,true\n,x,FALSE\n");

        var (schema, _) = Read(Define(path));

        Assert.Equal([ColumnType.Text, ColumnType.Text, ColumnType.Boolean], schema!.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Read_DeclaredType_WinsOverInference()
    {
        var (schema, _) = Read(Define(TestFile("orders.csv"), columns: [Declare("total", ColumnType.Text)]));

        Assert.Equal(ColumnType.Text, schema!.Find("total")!.Type);
    }

    [Fact]
    public void Read_GermanCultureSemicolonsAndDateFormats_InferNumbersAndDates()
    {
        var (schema, diagnostics) = Read(Define(TestFile("de-orders.csv"), time: "day", culture: "de-DE", dateFormats: ["dd.MM.yyyy"], delimiter: ';'));

        Assert.Empty(diagnostics.Items);
        Assert.Equal([ColumnType.Number, ColumnType.Date, ColumnType.Number], schema!.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Read_MissingFile_IsKpi3001WithTheResolvedPath()
    {
        var path = Path.Combine(_files.Folder, "nope.csv");

        var (schema, diagnostics) = Read(Define(path));

        Assert.Null(schema);
        var diagnostic = Single(diagnostics, "KPI3001");
        Assert.Equal(YamlSpan, diagnostic.Span);
        Assert.Contains(path, diagnostic.Suggestion);
    }

    [Fact]
    public void Read_DeclaredColumnNotInFile_IsKpi3002WithDidYouMean()
    {
        var (schema, diagnostics) = Read(Define(TestFile("orders.csv"), columns: [Declare("totl", ColumnType.Number, line: 12)]));

        var diagnostic = Single(diagnostics, "KPI3002");
        Assert.Equal(12, diagnostic.Span!.Value.Line);
        Assert.Contains("'totl'", diagnostic.Message);
        Assert.Equal("Did you mean 'total'?", diagnostic.Suggestion);
        Assert.NotNull(schema);
    }

    [Fact]
    public void Read_SemicolonFileWithoutDelimiter_SaysWhichDelimiterToDeclare()
    {
        // The whole header becomes one column name when the file is ';'-separated and no delimiter is declared.
        var (schema, diagnostics) = Read(Define(TestFile("de-orders.csv"), time: "day"));

        Assert.Null(schema);
        var missing = Assert.Single(diagnostics.Items, d => d.Id == DiagnosticCatalog.ColumnMissing.Id);
        Assert.Contains("Add delimiter: \";\" to the dataset.", missing.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTimeColumn_IsKpi3002AndUnusable()
    {
        var (schema, diagnostics) = Read(Define(TestFile("orders.csv"), time: "orderd_at"));

        Assert.Null(schema);
        Assert.Equal("Did you mean 'ordered_at'?", Single(diagnostics, "KPI3002").Suggestion);
    }

    [Fact]
    public void Read_DuplicateHeaderName_IsKpi3003NamingBothPositions()
    {
        var path = _files.Write("dup.csv", "id,total,total\n1,2,3\n");

        var (schema, diagnostics) = Read(Define(path));

        Assert.Null(schema);
        var diagnostic = Single(diagnostics, "KPI3003");
        Assert.Contains("columns 2 and 3", diagnostic.Message);
        Assert.Equal(path + "(1)", diagnostic.Span.ToString());
    }

    [Fact]
    public void Read_EmptyFileOrBlankName_IsKpi3003()
    {
        var (emptySchema, empty) = Read(Define(_files.Write("empty.csv", "")));
        var (blankSchema, blank) = Read(Define(_files.Write("blank.csv", "id,,total\n1,2,3\n")));

        Assert.Null(emptySchema);
        Assert.Contains("empty", Single(empty, "KPI3003").Message);
        Assert.Null(blankSchema);
        Assert.Contains("header column 2 has no name", Single(blank, "KPI3003").Message);
    }

    [Fact]
    public void Read_TimeColumnDeclaredAsNumber_IsKpi2009()
    {
        var (schema, diagnostics) = Read(Define(TestFile("orders.csv"), time: "total", columns: [Declare("total", ColumnType.Number, line: 14)]));

        Assert.Null(schema);
        Assert.Equal(14, Single(diagnostics, "KPI2009").Span!.Value.Line);
    }

    [Fact]
    public void Read_TimeColumnWithoutIsoDates_IsKpi3005SuggestingDateFormats()
    {
        var (schema, diagnostics) = Read(Define(TestFile("de-orders.csv"), time: "day", culture: "de-DE", delimiter: ';'));

        Assert.Null(schema);
        var diagnostic = Single(diagnostics, "KPI3005");
        Assert.Contains("'05.01.2024' (line 2)", diagnostic.Message);
        // The hint names the real key, so following it gives a valid file.
        Assert.Contains("Declare date_format on the dataset (e.g. date_format: [dd.MM.yyyy])", diagnostic.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownCulture_IsKpi1005()
    {
        var (schema, diagnostics) = Read(Define(TestFile("orders.csv"), culture: "xx-NOPE"));

        Assert.Null(schema);
        Assert.Contains("xx-NOPE", Single(diagnostics, "KPI1005").Message);
    }

    [Fact]
    public void Read_JsonArray_TakesColumnsFromTheRecordsKeys()
    {
        var (schema, diagnostics) = Read(Define(TestFile("orders.json"), DatasetFormat.Json, time: "ordered_at"));

        Assert.Empty(diagnostics.Items);
        Assert.Equal(
            [("order_id", ColumnType.Text), ("ordered_at", ColumnType.DateTime), ("total", ColumnType.Number),
             ("paid", ColumnType.Boolean), ("note", ColumnType.Text), ("extra", ColumnType.Number)],
            schema!.Columns.Select(c => (c.Name, c.Type)));
    }

    [Fact]
    public void Read_MalformedJsonArray_IsKpi3006AndUnusable()
    {
        var path = _files.Write("bad.json", "[{\"a\": 1}, {\"a\": 2,]");

        var (schema, diagnostics) = Read(Define(path, DatasetFormat.Json));

        Assert.Null(schema);
        Assert.Equal(1, Single(diagnostics, "KPI3006").Span!.Value.Line);
    }

    [Fact]
    public void Read_Borrower_AppendsLentColumnsWithTheLendersTypes()
    {
        var (lender, _) = Read(Define(TestFile("orders.csv"), time: "ordered_at"));
        var borrow = new BorrowDefinition("orders", "order_id", null, ["ordered_at", "status"], YamlSpan);

        var (schema, diagnostics) = Read(Define(TestFile("payments.csv"), borrow: borrow, name: "payments"), lender);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(
            [("payment_id", ColumnType.Text, 0, 0), ("order_id", ColumnType.Text, 1, 1), ("amount", ColumnType.Number, 2, 2),
             ("ordered_at", ColumnType.Date, 3, -1), ("status", ColumnType.Text, 4, -1)],
            schema!.Columns.Select(c => (c.Name, c.Type, c.Slot, c.SourceIndex)));
    }

    [Fact]
    public void Read_BorrowedTimeColumn_IsTheLendersDate()
    {
        var (lender, _) = Read(Define(TestFile("orders.csv"), time: "ordered_at"));
        var borrow = new BorrowDefinition("orders", "order_id", null, ["ordered_at", "total"], YamlSpan);

        var (schema, diagnostics) = Read(Define(TestFile("payments.csv"), time: "ordered_at", borrow: borrow, name: "payments"), lender);
        var (badSchema, bad) = Read(Define(TestFile("payments.csv"), time: "total", borrow: borrow, name: "payments"), lender);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(ColumnType.Date, schema!.TimeColumn!.Type);
        Assert.Null(badSchema);
        Assert.Contains("borrowed from 'orders'", Single(bad, "KPI2009").Message);
    }

    [Fact]
    public void Read_BorrowKeyMissingInLender_IsKpi3007AndBorrowedColumnTypoIsKpi3002()
    {
        var (lender, _) = Read(Define(TestFile("orders.csv")));
        var borrow = new BorrowDefinition("orders", "order_id", "order_no", ["stauts"], YamlSpan);

        var (schema, diagnostics) = Read(Define(TestFile("payments.csv"), borrow: borrow, name: "payments"), lender);

        Assert.Contains("'order_no'", Single(diagnostics, "KPI3007").Message);
        Assert.Equal("Did you mean 'status'?", Single(diagnostics, "KPI3002").Suggestion);
        Assert.DoesNotContain(schema!.Columns, c => c.SourceIndex < 0);
    }

    [Fact]
    public void Read_LenderKeyNamedByAnotherDataset_IsReadAsText()
    {
        var path = _files.Write("customers.csv", "customer_id,region\n7,north\n8,south\n");
        var borrower = Define("x.csv", borrow: new BorrowDefinition("customers", "customer_id", null, ["region"], YamlSpan), name: "sales");

        var (plain, _) = Read(Define(path, name: "customers"));
        var (asLender, _) = Read(Define(path, name: "customers"), reader: new DatasetSchemaReader([borrower]));

        Assert.Equal(ColumnType.Number, plain!.Find("customer_id")!.Type);
        Assert.Equal(ColumnType.Text, asLender!.Find("customer_id")!.Type);
    }
}
