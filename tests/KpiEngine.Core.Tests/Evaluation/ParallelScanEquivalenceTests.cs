using System.Globalization;
using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Time;
using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// The parallel scan as it runs on big files, forced onto small ones: every file is cut into byte
/// ranges of a few hundred bytes (dozens of ranges) and read by several threads, and the JSON and
/// CSV outputs must equal, byte for byte, those of one pass over the whole file on one thread. The
/// data is generated in random date order with many clients, so every range sees a different mix of
/// periods and dimension values, and values first seen in a late range are common.
/// </summary>
public sealed class ParallelScanEquivalenceTests
{
    private const long TinyRange = 512;

    /// <summary>Each case: a client file (datasets read orders.csv and machines.csv) and the dimensions to split by.</summary>
    public static TheoryData<string, string[]> Clients => new()
    {
        { PerClient, ["client_id"] },
        { PerClient, ["channel"] },
        { PerClient, [] },
        { SumsOnly, ["client_id"] },
        { TwoDimensionsWithFilter, ["channel", "region"] },
        { DistinctAndMedian, ["channel"] },
        { Balances, ["client_id"] },
        { DerivedAndBorrowed, ["channel"] },
        { Plugin, ["machine"] },
        { TwoLenders, ["channel", "first_channel"] },
    };

    /// <summary>Only sums and a row count: the flat groups' own loops for sums (rows, merges) rather than the general ones.</summary>
    private const string SumsOnly = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          units: { dataset: orders, formula: "Sum([qty])" }
          orders: { dataset: orders, formula: "Count()" }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
          - { id: units_per_order, unit: number, direction: higher, formula: "[units] / [orders]" }
          - { id: revenue_growth, unit: percent, direction: higher, formula: "([revenue] - Prev([revenue])) / Prev([revenue]) * 100" }
        """;

    private const string PerClient = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
          min_total: { dataset: orders, formula: "Min([total])" }
          max_total: { dataset: orders, formula: "Max([total])" }
          avg_qty: { dataset: orders, formula: "Avg([qty])" }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
          - { id: revenue_growth, unit: percent, direction: higher, formula: "([revenue] - Prev([revenue])) / Prev([revenue]) * 100" }
        """;

    private const string TwoDimensionsWithFilter = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at, filter: "[status] != 'returned'" }
        inputs:
          kept_revenue: { dataset: orders, formula: "SumIf([total], [status] != 'cancelled')" }
          cancelled: { dataset: orders, formula: "CountIf([status] == 'cancelled')" }
          all_orders: { dataset: orders, formula: "Count()" }
          big_orders: { dataset: orders, formula: "CountIf([total] > 100)" }
          avg_big: { dataset: orders, formula: "AvgIf([total], [total] > 100)" }
        kpis:
          - { id: cancelled_share, unit: percent, direction: lower, formula: "[cancelled] / [all_orders] * 100" }
        """;

    private const string DistinctAndMedian = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          customers: { dataset: orders, formula: "DistinctCount([customer_id])" }
          order_days: { dataset: orders, formula: "DistinctCount([ordered_at])" }
          median_total: { dataset: orders, formula: "Median([total])" }
        """;

    private const string Balances = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          last_stock: { dataset: orders, formula: "Last([stock])", kind: balance }
          first_stock: { dataset: orders, formula: "First([stock])", kind: balance }
        """;

    private const string DerivedAndBorrowed = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          customers:
            derived:
              from: orders
              by: customer_id
              columns:
                first_order_at: "Min([ordered_at])"
                order_count: "Count()"
            time: first_order_at
          customer_orders:
            path: orders.csv
            time: ordered_at
            borrow: { from: customers, key: customer_id, columns: [first_order_at] }
        inputs:
          new_customers: { dataset: customers, formula: "Count()" }
          repeat_customers: { dataset: customers, formula: "CountIf([order_count] > 1)" }
          first_month_orders: { dataset: customer_orders, formula: "CountIf(Year([ordered_at]) == Year([first_order_at]) && Month([ordered_at]) == Month([first_order_at]))" }
          all_orders: { dataset: customer_orders, formula: "Count()" }
        kpis:
          - { id: repeat_rate, unit: percent, direction: higher, formula: "[repeat_customers] / [new_customers] * 100" }
          - { id: first_month_share, unit: percent, direction: neutral, formula: "[first_month_orders] / [all_orders] * 100" }
        """;

    // orders.csv borrows from two lenders, the second keyed by a column the first lends; both lenders are
    // derived from orders.csv itself (so they are full before the borrower is read).
    private const string TwoLenders = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          customers:
            derived:
              from: orders
              by: customer_id
              columns:
                first_order_at: "Min([ordered_at])"
                first_client: "FirstBy([client_id], [ordered_at])"
            time: first_order_at
          clients:
            derived:
              from: orders
              by: client_id
              columns:
                first_channel: "FirstBy([channel], [ordered_at])"
                client_revenue: "Sum([total])"
          customer_orders:
            path: orders.csv
            time: ordered_at
            borrow:
              - { from: customers, key: customer_id, columns: [first_order_at, first_client] }
              - { from: clients, key: first_client, lender_key: client_id, columns: [first_channel, client_revenue] }
        inputs:
          orders_of_new: { dataset: customer_orders, formula: "CountIf([ordered_at] == [first_order_at])" }
          big_client_revenue: { dataset: customer_orders, formula: "SumIf([total], [client_revenue] > 20000)" }
          all_orders: { dataset: customer_orders, formula: "Count()" }
        """;

    private const string Plugin = """
        client: c
        datasets:
          machines: { path: machines.csv, time: day }
        inputs:
          units: { dataset: machines, formula: "Sum([total_units])" }
          good: { dataset: machines, formula: "Sum([good_units])" }
        kpis:
          - id: oee
            unit: ratio
            direction: higher
            dataset: machines
            plugin: oee/oee
            parameters: { column.state: status, column.duration: minutes, column.ideal_cycle_time: ideal }
          - { id: scrap_rate, unit: percent, direction: lower, formula: "([units] - [good]) / [units] * 100" }
        """;

    [Theory]
    [MemberData(nameof(Clients))]
    public void Run_TinyRangesOnSeveralThreads_GivesTheBytesOfOnePass(string client, string[] dimensions)
    {
        using var folder = Folder(client, rows: 3000);
        var onePass = Output(folder, dimensions, rangeBytes: long.MaxValue, threads: 1);

        Assert.Equal(onePass, Output(folder, dimensions, TinyRange, threads: 1));
        Assert.Equal(onePass, Output(folder, dimensions, TinyRange, threads: 4));
        Assert.Equal(onePass, Output(folder, dimensions, rangeBytes: 4096, threads: 3));
    }

    [Fact]
    public void Run_ThousandsOfClientMonthGroups_ReadOnSeveralThreads_GivesTheBytesOfOnePass()
    {
        // 20,000 orders of 600 clients over two years: up to 14,400 client × month groups, so their values are read
        // out of the flat groups in several pieces of 1,024 on several threads (fewer than 4,096 take one thread).
        using var folder = Folder(PerClient, rows: 20_000, clients: 600);
        var onePass = Output(folder, ["client_id"], rangeBytes: long.MaxValue, threads: 1);

        Assert.Equal(onePass, Output(folder, ["client_id"], rangeBytes: long.MaxValue, threads: 4));
        Assert.Equal(onePass, Output(folder, ["client_id"], rangeBytes: 64 * 1024, threads: 2));
        // Every client has orders (20,000 draws of 600), so aov has a CSV row per month for the total and each client:
        // 24 × 601 = 14,424. The scan's groups are the client × month pairs with orders: about 14,400 × (1 − e^(−20,000/14,400)),
        // some 10,800, well above the 4,096 that share the reading among threads.
        Assert.Equal(24 * 601, onePass.Split("\nc,aov,").Length - 1);
    }

    /// <summary>The features of issue 11, each under splitting and several threads.</summary>
    public static TheoryData<string, string[], Grain> AnalysisClients => new()
    {
        { PerClient, ["channel"], Grain.All },
        { TwoDimensionsWithFilter, ["channel", "region"], Grain.All },
        { DerivedAndBorrowed, [], Grain.All },
        { Plugin, ["machine"], Grain.All },
        { Shares, ["channel"], Grain.Month },
        { Shares, ["channel", "region"], Grain.All },
        { Products, ["channel"], Grain.Month },
        { Products, [], Grain.All },
        { OrderedPicks, [], Grain.Month },
        { OrderedPicks, ["channel"], Grain.Month },
        { OrderedPicks, ["channel", "region"], Grain.All },
        { OrderedPicks, ["client_id"], Grain.Quarter },
        { TextDerived, [], Grain.Month },
        { TextDerived, ["first_channel"], Grain.Month },
        { Cohorts, [], Grain.Month },
        { Cohorts, ["channel"], Grain.Month },
        { CohortsWithFilter, [], Grain.Quarter },
        { Subtotals, ["channel", "region"], Grain.Month },
        { Subtotals, ["region", "channel"], Grain.All },
        { Subtotals, ["region", "channel", "client_id"], Grain.Quarter },
        { Subtotals, ["channel"], Grain.Month },
    };

    // Subtotals merged from the combinations' groups, with every kind of aggregate that is not a plain sum, Parent and Prev.
    private const string Subtotals = """
        client: c
        subtotals: true
        datasets:
          orders: { path: orders.csv, time: ordered_at, filter: "[status] != 'returned'" }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
          median_total: { dataset: orders, formula: "Median([total])" }
          customers: { dataset: orders, formula: "DistinctCount([customer_id])" }
          last_stock: { dataset: orders, formula: "Last([stock])", kind: balance }
          first_total: { dataset: orders, formula: "FirstBy([total], [ordered_at])" }
          chained: { dataset: orders, formula: "Product(1 + [qty] / 1000)" }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
          - { id: share_of_parent, unit: percent, direction: neutral, formula: "[orders] / Parent([orders]) * 100" }
          - { id: revenue_share_of_parent, unit: percent, direction: neutral, dataset: orders, formula: "Sum([total]) / Parent(Sum([total])) * 100" }
          - { id: aov_growth, unit: percent, direction: higher, formula: "([aov] - Prev([aov])) / Prev([aov]) * 100" }
        """;

    // Days repeat (3000 rows over 730 days), so FirstBy/LastBy meet ties within and across ranges and groups.
    private const string OrderedPicks = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          first_total: { dataset: orders, formula: "FirstBy([total], [ordered_at])" }
          last_total: { dataset: orders, formula: "LastBy([total], [ordered_at])" }
          first_kept_qty: { dataset: orders, formula: "FirstBy([qty] * 10 + [stock], [ordered_at], [status] != 'cancelled')" }
          last_by_qty: { dataset: orders, formula: "LastBy([total], [qty])" }
          min_kept: { dataset: orders, formula: "MinIf([total], [status] != 'cancelled')" }
          max_returned: { dataset: orders, formula: "MaxIf([total], [status] == 'returned')" }
        """;

    private const string TextDerived = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          customers:
            derived:
              from: orders
              by: customer_id
              columns:
                first_order_at: "Min([ordered_at])"
                first_channel: "FirstBy([channel], [ordered_at])"
                last_region: "LastBy([region], [ordered_at], [status] != 'returned')"
                last_kept_at: "MaxIf([ordered_at], [status] == 'delivered')"
            time: first_order_at
        inputs:
          new_customers: { dataset: customers, formula: "Count()" }
          last_north: { dataset: customers, formula: "CountIf([last_region] == 'north')" }
          kept_in_first_month: { dataset: customers, formula: "CountIf(Month([last_kept_at]) == Month([first_order_at]) && Year([last_kept_at]) == Year([first_order_at]))" }
        """;

    // Cohort KPIs scan orders again grouped by each customer's cohort: by customer_id (K0000 to K0999, many per
    // range) on the block path (sums and counts, one text column, no filter) and, with a filter and distinct
    // counts, on the row path; the start comes from a one-pass scan feeding the start table.
    private const string Cohorts = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
        kpis:
          - { id: revenue_retention, unit: percent, direction: higher, cohort: { entity: customer_id }, formula: "[revenue] / Cohort([revenue]) * 100" }
          - { id: orders_per_first, unit: number, direction: higher, cohort: { entity: client_id, ages: 6 }, formula: "Cumulative([orders]) / Cohort([orders])" }
        """;

    private const string CohortsWithFilter = """
        client: c
        calendar: { fiscal_year_start: april }
        datasets:
          orders: { path: orders.csv, time: ordered_at, filter: "[status] != 'cancelled'" }
        inputs:
          active: { dataset: orders, formula: "DistinctCount([customer_id])" }
        kpis:
          - { id: retention, unit: percent, direction: higher, cohort: { entity: customer_id, start: "Min([ordered_at])" }, formula: "[active] / Cohort([active]) * 100" }
          - { id: churn, unit: percent, direction: lower, cohort: { entity: customer_id }, formula: "(Prev([active]) - [active]) / Prev([active]) * 100" }
        """;

    private const string Products = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          chained: { dataset: orders, formula: "Product(1 + [qty] / 1000)" }
          kept_yield: { dataset: orders, formula: "Product(if([status] == 'delivered', 0.999, 1.0005))" }
        """;

    private const string Shares = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
        kpis:
          - { id: order_share, unit: percent, direction: neutral, formula: "[orders] / Total([orders]) * 100" }
          - { id: revenue_share, unit: percent, direction: neutral, dataset: orders, formula: "Sum([total]) / Total(Sum([total])) * 100" }
        """;

    [Theory]
    [MemberData(nameof(AnalysisClients))]
    public void Run_AnalysisFeaturesInTinyRangesOnSeveralThreads_GiveTheBytesOfOnePass(string client, string[] dimensions, Grain grain)
    {
        using var folder = Folder(client, rows: 3000);
        var onePass = Output(folder, dimensions, rangeBytes: long.MaxValue, threads: 1, grain);

        Assert.Equal(onePass, Output(folder, dimensions, TinyRange, threads: 1, grain));
        Assert.Equal(onePass, Output(folder, dimensions, TinyRange, threads: 4, grain));
        Assert.Equal(onePass, Output(folder, dimensions, rangeBytes: 4096, threads: 3, grain));
    }

    [Theory]
    [InlineData("channel", 1)]
    [InlineData("client_id", 4)]
    public void Run_FirstAndLastUnderBy_TotalsEqualTheRunWithoutBy(string dimension, int threads)
    {
        // 3000 rows over 730 days: most days hold rows of several channels and clients, so the earliest and
        // latest rows of a period tie across groups; the total must break the tie as one pass over the file does.
        using var folder = Folder(Balances
            + "\n  first_total: { dataset: orders, formula: \"FirstBy([total], [ordered_at])\" }"
            + "\n  last_total: { dataset: orders, formula: \"LastBy([total], [ordered_at])\" }\n", rows: 3000);
        List<(string, string, double?)> Totals(string[] dimensions, long rangeBytes, int threads)
        {
            var options = new EvaluationOptions { Dimensions = dimensions, IncludeInputs = true, ScanRangeBytes = rangeBytes, ScanThreads = threads };
            var result = new KpiEvaluator().Run(Path.Combine(folder.Path, "client.yaml"), options);
            Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
            return [.. result.Results.Where(r => r.Dimensions.Count == 0).Select(r => (r.Kpi, r.Period, r.Value))];
        }

        var withoutBy = Totals([], long.MaxValue, 1);

        Assert.Equal(24 * 4, withoutBy.Count);
        Assert.Equal(withoutBy, Totals([dimension], long.MaxValue, 1));
        Assert.Equal(withoutBy, Totals([dimension], TinyRange, threads));
    }

    [Theory]
    [InlineData("client_id")]
    [InlineData("channel")]
    public void Run_ByOneTextDimension_BlockPathGivesTheBytesOfTheRowPath(string dimension)
    {
        // Plain sums, counts and extremes by one text column go a block at a time (channel has blank
        // cells, which take the row path in the middle of a block); a filter that keeps every row
        // sends every record through the row path: the outputs must not differ by a byte.
        using var blocks = Folder(PerClient, rows: 3000);
        using var rows = Folder(PerClient.Replace("time: ordered_at }", "time: ordered_at, filter: \"[qty] > 0\" }", StringComparison.Ordinal), rows: 3000);

        Assert.Equal(Output(rows, [dimension], long.MaxValue, threads: 1), Output(blocks, [dimension], long.MaxValue, threads: 1));
        Assert.Equal(Output(rows, [dimension], TinyRange, threads: 4), Output(blocks, [dimension], TinyRange, threads: 4));
    }

    [Fact]
    public void Run_ManyClientsByClientRepeatedOnFourThreads_IsTheSameEveryTime()
    {
        // Many dimension values first seen in late ranges, many ranges finishing out of order: the
        // shape that gave a different output on almost every run while ranges shared one dimension index.
        using var folder = Folder(PerClient, rows: 4000, clients: 300);
        var onePass = Output(folder, ["client_id"], rangeBytes: 1024, threads: 4);

        for (var run = 0; run < 12; run++)
        {
            Assert.Equal(onePass, Output(folder, ["client_id"], rangeBytes: 1024, threads: 4));
        }
    }

    [Theory]
    [InlineData(PerClient, "client_id")]
    [InlineData(Shares, "client_id")]
    [InlineData(DerivedAndBorrowed, "channel")]
    public void Run_ManyCombinationsEvaluatedOnFourThreads_GiveTheBytesOfOneThread(string client, string dimension)
    {
        // One pass over the file, so only the evaluation differs: the combinations' values (Prev, Total,
        // derived datasets), statuses and results are made on four threads into their own places.
        using var folder = Folder(client, rows: 3000, clients: 200);
        var oneThread = Output(folder, [dimension], rangeBytes: long.MaxValue, threads: 1);

        for (var run = 0; run < 3; run++)
        {
            Assert.Equal(oneThread, Output(folder, [dimension], rangeBytes: long.MaxValue, threads: 4));
        }
    }

    [Theory]
    [InlineData(PerClient)]
    [InlineData(SumsOnly)]
    public void Run_ByClient_SplitsEveryClientsRowsExactly(string client)
    {
        // A value check beside the byte comparisons (a fault shared by the one-pass and the split scan passes those):
        // each client's revenue and orders over the whole file, summed and counted here row by row from the generated
        // CSV, equal the sums of its monthly results, and the total row's orders are the file's 2,000 rows.
        using var folder = Folder(client, rows: 2000, clients: 50);
        var rows = File.ReadLines(Path.Combine(folder.Path, "orders.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var expected = rows.GroupBy(cells => cells[2], cells => decimal.Parse(cells[6], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (Revenue: g.Sum(), Orders: g.Count()));

        var result = new KpiEvaluator().Run(Path.Combine(folder.Path, "client.yaml"),
            new EvaluationOptions { Dimensions = ["client_id"], IncludeInputs = true, ScanRangeBytes = TinyRange, ScanThreads = 4 });

        decimal SumOf(string input, Func<KpiResult, bool> which) =>
            result.Results.Where(r => r.Kpi == input && which(r)).Sum(r => (decimal)(r.Value ?? 0));
        var clients = result.Results.Where(r => r.Dimensions.Count == 1).Select(r => r.Dimensions[0].Value!).Distinct().ToList();
        Assert.Equal(expected.Count, clients.Count);
        foreach (var (id, (revenue, orders)) in expected)
        {
            Assert.Equal((double)revenue, (double)SumOf("revenue", r => r.Dimensions.Count == 1 && r.Dimensions[0].Value == id), 6);
            Assert.Equal(orders, SumOf("orders", r => r.Dimensions.Count == 1 && r.Dimensions[0].Value == id));
        }

        Assert.Equal(2000, SumOf("orders", r => r.Dimensions.Count == 0));
    }

    [Fact]
    public void Scan_ManyRangesOnFourThreads_HoldsAtMostOneRangePerThreadAtOnce()
    {
        // Memory is bounded by groups, not rows: a range's groups are merged as soon as the ranges
        // before it are, and no thread runs more than one range per thread ahead of the merge.
        using var folder = Folder(PerClient, rows: 3000);
        var bag = new DiagnosticBag();
        var set = new KpiSetLoader().LoadClient(Path.Combine(folder.Path, "client.yaml")).Value!;
        var plan = ClientPlan.Build(set, includeInputs: true, bag);
        var dimensions = new DimensionIndex(["client_id"]);
        var scan = new DatasetScan(plan.Datasets[0], dimensions) { Parallelism = new ScanParallelism(TinyRange, Threads: 4) };

        scan.Run(new PeriodCalendar(Grain.Month), bag, CancellationToken.None);

        Assert.False(bag.HasErrors);
        Assert.Equal(3000, scan.RecordsRead);
        Assert.InRange(scan.MostRangesHeld, 1, 4 * DatasetScan.MaxRangesAheadPerThread);
    }

    private static string Output(ClientFolder folder, string[] dimensions, long rangeBytes, int threads, Grain grain = Grain.Month)
    {
        var options = new EvaluationOptions { Dimensions = dimensions, IncludeInputs = true, ScanRangeBytes = rangeBytes, ScanThreads = threads, Grain = grain };
        var result = new KpiEvaluator().Run(Path.Combine(folder.Path, "client.yaml"), options);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        using var json = new MemoryStream();
        ResultWriters.WriteJson(json, [result]);
        using var csv = new MemoryStream();
        ResultWriters.WriteCsv(csv, [result]);
        return Encoding.UTF8.GetString(json.ToArray()) + Encoding.UTF8.GetString(csv.ToArray());
    }

    /// <summary>
    /// A client folder with generated orders (random dates over two years, clients with leading zeros,
    /// channels and regions with gaps, cents, negative refunds) and machine logs for the OEE plugin.
    /// </summary>
    private static ClientFolder Folder(string client, int rows, int clients = 120)
    {
        var random = new Random(20261129);
        var folder = new ClientFolder();
        string[] channels = ["web", "shop", "partner", string.Empty];
        string[] regions = ["north", "south", "east", string.Empty];
        string[] statuses = ["delivered", "delivered", "delivered", "cancelled", "returned"];
        var orders = new StringBuilder("order_id,ordered_at,client_id,channel,region,status,total,qty,customer_id,stock\n");
        for (var i = 1; i <= rows; i++)
        {
            var day = new DateOnly(2025, 1, 1).AddDays(random.Next(730));
            var total = (random.Next(-2000, 40000) / 100m).ToString(CultureInfo.InvariantCulture);
            orders.Append(CultureInfo.InvariantCulture,
                $"O{i},{day:yyyy-MM-dd},C{random.Next(clients):D4},{channels[random.Next(4)]},{regions[random.Next(4)]},{statuses[random.Next(5)]},{total},{random.Next(1, 9)},K{random.Next(rows / 3)},{random.Next(1000)}\n");
        }

        folder.Write("orders.csv", orders.ToString());
        var machines = new StringBuilder("day,machine,status,minutes,total_units,good_units,ideal\n");
        for (var i = 0; i < rows; i++)
        {
            var day = new DateOnly(2026, 1, 1).AddDays(random.Next(180));
            var running = random.Next(2) == 0;
            var units = random.Next(100, 900);
            var line = running
                ? string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},M{random.Next(7)},running,{random.Next(300, 480)},{units},{units - random.Next(40)},0.5\n")
                : string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},M{random.Next(7)},unplanned_stop,{random.Next(5, 90)},,,\n");
            machines.Append(line);
        }

        folder.Write("machines.csv", machines.ToString());
        folder.Write("client.yaml", client);
        return folder;
    }
}
