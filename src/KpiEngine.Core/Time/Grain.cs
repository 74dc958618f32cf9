namespace KpiEngine.Time;

/// <summary>The length of the periods results are computed for.</summary>
public enum Grain
{
    /// <summary>Calendar days: <c>2026-03-05</c>.</summary>
    Day,

    /// <summary>ISO weeks, Monday to Sunday: <c>2026-W10</c>.</summary>
    Week,

    /// <summary>Calendar months: <c>2026-03</c>.</summary>
    Month,

    /// <summary>Quarters: <c>2026-Q1</c>.</summary>
    Quarter,

    /// <summary>Years: <c>2026</c>.</summary>
    Year,

    /// <summary>
    /// One period, labelled <c>all</c>, covering all the data (or the dates between --from and --to):
    /// totals over the whole range. Time functions, which read other periods, are undefined at it.
    /// </summary>
    All,
}
