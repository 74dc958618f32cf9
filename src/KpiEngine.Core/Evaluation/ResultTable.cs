using System.Collections;
using KpiEngine.Definitions;
using KpiEngine.Expressions;

namespace KpiEngine.Evaluation;

/// <summary>
/// A run's results per period, kept as one small cell per result (the value, whether it is partial, the
/// status verdict, each in an array of its own, the verdicts only once a result has one) and made into
/// <see cref="KpiResult"/> records when read: what every result of a node,
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
    private readonly KpiValue[] _values;
    private readonly bool[] _partial;
    private readonly ValueTrace?[]? _traces;

    // The status verdicts, made when the first result gets one: most runs judge nothing (no benchmark), and half a
    // million empty verdicts were half the table's memory, fresh pages the writing threads first had to touch.
    private StatusVerdict[]? _verdicts;
    private readonly Lock _verdictsMade = new();

    /// <summary>An empty table for <paramref name="nodes"/> × <paramref name="periods"/> × the levels of <paramref name="dimensions"/>, with room for traces when asked.</summary>
    public ResultTable(string client, IReadOnlyList<MetricNode> nodes, Benchmark?[] benchmarks, string[] periods,
        IReadOnlyList<KeyValuePair<string, string?>>[] dimensions, bool traces)
    {
        (_client, _nodes, _benchmarks, _periods, _dimensions) = (client, nodes, benchmarks, periods, dimensions);
        _values = new KpiValue[nodes.Count * periods.Length * dimensions.Length];
        _partial = new bool[_values.Length];
        _traces = traces ? new ValueTrace?[_values.Length] : null;
    }

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <summary>The client of every result.</summary>
    public string Client => _client;

    /// <summary>How many KPIs (and other reported nodes) the table has results of.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>How many periods each KPI has results in.</summary>
    public int PeriodCount => _periods.Length;

    /// <summary>How many results each KPI has per period: the total, then one per dimension combination.</summary>
    public int LevelCount => _dimensions.Length;

    /// <summary>The <see cref="KpiResult.Kpi"/> of node <paramref name="node"/>'s results.</summary>
    public string KpiOf(int node) => _nodes[node].Name;

    /// <summary>The <see cref="KpiResult.Name"/> of node <paramref name="node"/>'s results.</summary>
    public string NameOf(int node) => _nodes[node].Kpi?.Name ?? _nodes[node].Name;

    /// <summary>The <see cref="KpiResult.Unit"/> of node <paramref name="node"/>'s results.</summary>
    public KpiUnit UnitOf(int node) => _nodes[node].Kpi?.Unit ?? KpiUnit.Number;

    /// <summary>The <see cref="KpiResult.Benchmark"/> of node <paramref name="node"/>'s results.</summary>
    public Benchmark? BenchmarkOf(int node) => _benchmarks[node];

    /// <summary>The label of period <paramref name="period"/> (by position).</summary>
    public string PeriodOf(int period) => _periods[period];

    /// <summary>The <see cref="KpiResult.Dimensions"/> of the results at level <paramref name="level"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> DimensionsOf(int level) => _dimensions[level];

    /// <summary>
    /// What result <paramref name="index"/> has of its own, without making its record: for writers that go through
    /// every result in order and take what results share from <see cref="KpiOf"/>, <see cref="PeriodOf"/> and the rest.
    /// </summary>
    public ResultCell CellAt(int index) => new(_values[index], _partial[index], _verdicts is { } verdicts ? verdicts[index] : default);

    /// <summary>The trace of result <paramref name="index"/>; null when the run kept none.</summary>
    public ValueTrace? TraceAt(int index) => _traces?[index];

    /// <summary>Whether some result's status has a reason, read from the cells without making records.</summary>
    public bool AnyStatusReason => _verdicts is { } verdicts && Array.Exists(verdicts, v => v.Reason is not null);

    /// <summary>The place of node <paramref name="node"/>'s result in period <paramref name="period"/> (both by position) at level <paramref name="level"/>.</summary>
    public int IndexOf(int node, int period, int level) => (((node * _periods.Length) + period) * _dimensions.Length) + level;

    /// <summary>Sets one result (results are set by several threads at once, each place once, by one).</summary>
    public void Set(int index, KpiValue value, bool partial, StatusVerdict verdict, ValueTrace? trace)
    {
        _values[index] = value;
        _partial[index] = partial;
        if (verdict.Status is not null || verdict.Reason is not null || verdict.Bands is not null)
        {
            (_verdicts ?? MadeVerdicts())[index] = verdict;
        }

        if (_traces is not null)
        {
            _traces[index] = trace;
        }
    }

    /// <summary>The verdicts' array, made by the first thread that needs it (the others wait for it and use it).</summary>
    private StatusVerdict[] MadeVerdicts()
    {
        lock (_verdictsMade)
        {
            return _verdicts ??= new StatusVerdict[_values.Length];
        }
    }

    /// <inheritdoc />
    public KpiResult this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _values.Length);
            var level = index % _dimensions.Length;
            var period = index / _dimensions.Length % _periods.Length;
            var n = index / _dimensions.Length / _periods.Length;
            var cell = CellAt(index);
            return new KpiResult(_client, KpiOf(n), NameOf(n), _periods[period], cell.Value.AsNullable(), cell.Value.Reason, UnitOf(n))
            {
                Dimensions = _dimensions[level],
                Partial = cell.Partial,
                Trace = TraceAt(index),
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
    public IEnumerator<KpiResult> GetEnumerator() => Range(0, _values.Length).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>What one result of a <see cref="ResultTable"/> has of its own: its value, whether it is partial, its status verdict.</summary>
internal readonly record struct ResultCell(KpiValue Value, bool Partial, StatusVerdict Verdict);
