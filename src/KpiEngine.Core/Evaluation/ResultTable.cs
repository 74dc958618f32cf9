using System.Collections;
using KpiEngine.Definitions;
using KpiEngine.Expressions;

namespace KpiEngine.Evaluation;

/// <summary>
/// A run's results per period, kept as one small cell per result (the value, whether it is partial, the
/// status verdict) and made into <see cref="KpiResult"/> records when read: what every result of a node,
/// period or dimension combination shares (client, KPI, name, unit, benchmark, period label, dimension
/// values) is kept once. A run of a thousand clients by month holds half a million results, and a record
/// each was most of its memory. Results are in the documented order (KPI, period, then the total before
/// each combination): result <c>((node × periods) + period) × levels + level</c>. Each read makes a new record
/// (equal to the one before: records compare by value); cells are written once per place, by one thread each.
/// </summary>
internal sealed class ResultTable : IReadOnlyList<KpiResult>
{
    private readonly string _client;
    private readonly IReadOnlyList<MetricNode> _nodes;
    private readonly Benchmark?[] _benchmarks;
    private readonly string[] _periods;
    private readonly IReadOnlyList<KeyValuePair<string, string?>>[] _dimensions;
    private readonly Cell[] _cells;
    private readonly ValueTrace?[]? _traces;

    /// <summary>An empty table for <paramref name="nodes"/> × <paramref name="periods"/> × the levels of <paramref name="dimensions"/>, with room for traces when asked.</summary>
    public ResultTable(string client, IReadOnlyList<MetricNode> nodes, Benchmark?[] benchmarks, string[] periods,
        IReadOnlyList<KeyValuePair<string, string?>>[] dimensions, bool traces)
    {
        (_client, _nodes, _benchmarks, _periods, _dimensions) = (client, nodes, benchmarks, periods, dimensions);
        _cells = new Cell[nodes.Count * periods.Length * dimensions.Length];
        _traces = traces ? new ValueTrace?[_cells.Length] : null;
    }

    /// <inheritdoc />
    public int Count => _cells.Length;

    /// <summary>Whether some result's status has a reason, read from the cells without making records.</summary>
    public bool AnyStatusReason => Array.Exists(_cells, c => c.Verdict.Reason is not null);

    /// <summary>The place of node <paramref name="node"/>'s result in period <paramref name="period"/> (both by position) at level <paramref name="level"/>.</summary>
    public int IndexOf(int node, int period, int level) => (((node * _periods.Length) + period) * _dimensions.Length) + level;

    /// <summary>Sets one result.</summary>
    public void Set(int index, KpiValue value, bool partial, StatusVerdict verdict, ValueTrace? trace)
    {
        _cells[index] = new Cell(value, partial, verdict);
        if (_traces is not null)
        {
            _traces[index] = trace;
        }
    }

    /// <inheritdoc />
    public KpiResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _cells.Length);
            var level = index % _dimensions.Length;
            var period = index / _dimensions.Length % _periods.Length;
            var n = index / _dimensions.Length / _periods.Length;
            var node = _nodes[n];
            ref readonly var cell = ref _cells[index];
            return new KpiResult(_client, node.Name, node.Kpi?.Name ?? node.Name, _periods[period], cell.Value.AsNullable(), cell.Value.Reason, node.Kpi?.Unit ?? KpiUnit.Number)
            {
                Dimensions = _dimensions[level],
                Partial = cell.Partial,
                Trace = _traces?[index],
                Benchmark = _benchmarks[n],
                Status = cell.Verdict.Status,
                StatusReason = cell.Verdict.Reason,
                Bands = cell.Verdict.Bands,
            };
        }
    }

    /// <summary>The results from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), made into records.</summary>
    public IEnumerable<KpiResult> Range(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc />
    public IEnumerator<KpiResult> GetEnumerator() => Range(0, _cells.Length).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private readonly record struct Cell(KpiValue Value, bool Partial, StatusVerdict Verdict);
}
