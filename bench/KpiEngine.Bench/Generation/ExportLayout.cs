namespace KpiEngine.Bench.Generation;

/// <summary>
/// The columns of the generated e-commerce/marketing export, in file order. The first four are
/// text and date; the remaining sixteen are summed per month (and per client in the
/// <see cref="ExportShape.PerClient"/> export), three of them money with two decimals.
/// </summary>
internal static class ExportLayout
{
    /// <summary>How many client ids the per-client export spreads its rows over.</summary>
    public const int ClientCount = 1000;

    /// <summary>Column names as written in the header of the per-month export.</summary>
    public static readonly string[] Columns =
    [
        "client", "date", "channel", "offer_type",
        "visits", "bounced_sessions", "carts", "orders", "revenue", "cogs", "marketing_spend", "new_customers",
        "customers_start", "customers_end", "returns", "impressions", "clicks", "leads", "qualified_leads", "deals_won",
    ];

    /// <summary>Index of the first summed column.</summary>
    public const int FirstMeasure = 4;

    /// <summary>How many summed columns follow.</summary>
    public const int MeasureCount = 16;

    /// <summary>Measure indexes (0-based from <see cref="FirstMeasure"/>) of the money columns.</summary>
    public const int Revenue = 4;

    /// <summary>Cost of goods sold, money.</summary>
    public const int Cogs = 5;

    /// <summary>Marketing spend, money.</summary>
    public const int MarketingSpend = 6;

    /// <summary>The name of the first column: <c>client</c> (not grouped on) or <c>client_id</c> (the <c>--by</c> dimension).</summary>
    public static string FirstColumn(ExportShape shape) => shape == ExportShape.PerClient ? "client_id" : "client";

    /// <summary>Column names of <paramref name="shape"/>'s export, in file order.</summary>
    public static string[] ColumnsOf(ExportShape shape) => [FirstColumn(shape), .. Columns.AsSpan(1)];

    /// <summary>The header line as UTF-8 bytes, with its LF.</summary>
    public static byte[] HeaderLine(ExportShape shape) => System.Text.Encoding.UTF8.GetBytes(string.Join(',', ColumnsOf(shape)) + "\n");

    /// <summary>True for the measures written with two decimals and summed in cents.</summary>
    public static bool IsMoney(int measure) => measure is Revenue or Cogs or MarketingSpend;
}
