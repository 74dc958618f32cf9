using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;

namespace KpiEngine.Core.Tests.Expressions;

/// <summary>A hand-built "orders" dataset, rows and environments shared by the expression tests.</summary>
internal static class OrdersDataset
{
    public static readonly DatasetSchema Schema = new(
        new DatasetDefinition("orders", "/data/orders.csv", DatasetFormat.Csv, "ordered_at", [], string.Empty, [], ',', null, null, new SourceSpan("client.yaml", 3, 3, 3, 9)),
        [
            new ColumnSchema("price", ColumnType.Number, 0, 0),
            new ColumnSchema("qty", ColumnType.Number, 1, 1),
            new ColumnSchema("status", ColumnType.Text, 2, 2),
            new ColumnSchema("total", ColumnType.Number, 3, 3),
            new ColumnSchema("ordered_at", ColumnType.Date, 4, 4),
            new ColumnSchema("delivered_at", ColumnType.Date, 5, 5),
            new ColumnSchema("paid", ColumnType.Boolean, 6, 6),
            new ColumnSchema("customer", ColumnType.Text, 7, 7),
        ]);

    public static FormulaScope Scope(string owner = "KPI 'test'") => new()
    {
        Owner = owner,
        Dataset = Schema,
        Names = ["revenue", "orders", "visits", "gross_margin"],
        Parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["gross_margin"] = 0.4, ["vat"] = 0.19 },
    };

    public static FormulaScope NoDataset(string owner = "KPI 'test'") => new()
    {
        Owner = owner,
        Names = ["revenue", "orders", "visits"],
    };

    public static double Days(int year, int month, int day) => new DateTime(year, month, day).Ticks / (double)TimeSpan.TicksPerDay;

    /// <summary>A row; null or NaN leaves a cell missing.</summary>
    public static RowBuffer Row(
        double price = double.NaN,
        double qty = double.NaN,
        string? status = null,
        double total = double.NaN,
        double orderedAt = double.NaN,
        double deliveredAt = double.NaN,
        bool? paid = null,
        string? customer = null)
    {
        var row = Schema.CreateRow();
        row.Clear();
        row.Numbers[0] = price;
        row.Numbers[1] = qty;
        row.Texts[2] = status;
        row.Numbers[3] = total;
        row.Numbers[4] = orderedAt;
        row.Numbers[5] = deliveredAt;
        row.Numbers[6] = paid is null ? double.NaN : paid.Value ? 1 : 0;
        row.Texts[7] = customer;
        return row;
    }

    public static CompiledFormula Compile(string formula, FormulaScope? scope = null)
    {
        var diagnostics = new DiagnosticBag();
        var compiled = new FormulaCompiler().Compile(FormulaSource.FromText(formula), scope ?? Scope(), diagnostics);
        Assert.True(compiled is not null, string.Join(System.Environment.NewLine, diagnostics.Items));
        return compiled!;
    }

    public static IReadOnlyList<Diagnostic> Errors(string formula, FormulaScope? scope = null)
    {
        var diagnostics = new DiagnosticBag();
        var compiled = new FormulaCompiler().Compile(FormulaSource.FromText(formula), scope ?? Scope(), diagnostics);
        Assert.Null(compiled);
        Assert.NotEmpty(diagnostics.Items);
        return diagnostics.Items;
    }

    /// <summary>Compiles a formula, feeds the rows to its aggregates in one pass and evaluates it.</summary>
    public static KpiValue Evaluate(string formula, IEnumerable<RowBuffer> rows, IReadOnlyDictionary<string, KpiValue>? names = null)
    {
        var compiled = Compile(formula);
        var accumulators = compiled.Aggregates.Select(a => a.CreateAccumulator()).ToList();
        foreach (var row in rows)
        {
            foreach (var accumulator in accumulators)
            {
                accumulator.Add(row);
            }
        }

        return compiled.Evaluate(new TestEnvironment(accumulators.Select(a => a.Result()).ToList(), names ?? new Dictionary<string, KpiValue>()));
    }

    /// <summary>Evaluates a period-level formula over named values.</summary>
    public static KpiValue EvaluateNames(string formula, params (string Name, KpiValue Value)[] names) =>
        Evaluate(formula, [], names.ToDictionary(n => n.Name, n => n.Value));

    internal sealed class TestEnvironment(IReadOnlyList<KpiValue> aggregates, IReadOnlyDictionary<string, KpiValue> names) : IFormulaEnvironment
    {
        public List<string> Asked { get; } = [];

        public KpiValue Aggregate(int index) => aggregates[index];

        /// <summary>One value per name, no periods around it: time functions are tested through the evaluator.</summary>
        public ITimeAxis? Time => null;

        public KpiValue Name(string name)
        {
            Asked.Add(name);
            return names.TryGetValue(name, out var value) ? value : KpiValue.Undefined($"unknown {name}");
        }
    }
}
