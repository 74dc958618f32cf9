using System.Globalization;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// The rows of a derived dataset for one run. The source's scan calls <see cref="Add"/> for every
/// row it aggregates (after its filter and borrows), which feeds that row's key's accumulators;
/// then <see cref="Scan"/> computes one row per key, in the order keys first appeared, and streams
/// them like a file. Source rows without a key belong to no derived row. Memory grows with keys.
/// </summary>
internal sealed class DerivedTable : IRowSource
{
    private readonly DerivedDataset _dataset;
    private readonly IReadOnlyDictionary<string, double> _parameters;
    private readonly List<AggregateSpec> _aggregates = [];
    private readonly int[][] _slots;
    private readonly Dictionary<string, int> _rowOfKey = new(StringComparer.Ordinal);
    private readonly List<(double Number, string? Text)> _keys = [];
    private readonly List<AggregateAccumulator[]> _groups = [];

    public DerivedTable(DerivedDataset dataset, IReadOnlyDictionary<string, double> parameters)
    {
        _dataset = dataset;
        _parameters = parameters;
        var slotByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        _slots = [.. dataset.Columns.Select(c => c.Formula.Aggregates.Select(spec =>
        {
            if (!slotByKey.TryGetValue(spec.Key, out var slot))
            {
                slot = _aggregates.Count;
                _aggregates.Add(spec);
                slotByKey[spec.Key] = slot;
            }

            return slot;
        }).ToArray())];
        SourceColumnsNeeded = [dataset.SourceKey, .. _aggregates.SelectMany(a => a.Columns)];
    }

    /// <summary>The source columns the source's scan must fill: the key and every column the formulas read.</summary>
    public IReadOnlyList<ColumnSchema> SourceColumnsNeeded { get; }

    /// <summary>The number of keys seen so far (derived rows).</summary>
    public int Count => _keys.Count;

    /// <summary>Feeds one source row to its key's accumulators.</summary>
    public void Add(RowBuffer sourceRow)
    {
        ArgumentNullException.ThrowIfNull(sourceRow);
        var key = _dataset.SourceKey;
        string text;
        if (key.IsNumeric)
        {
            var number = sourceRow.Numbers[key.Slot];
            if (double.IsNaN(number))
            {
                return;
            }

            text = number.ToString("R", CultureInfo.InvariantCulture);
        }
        else
        {
            var value = sourceRow.Texts[key.Slot]?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            text = value;
        }

        if (!_rowOfKey.TryGetValue(text, out var row))
        {
            row = _keys.Count;
            _rowOfKey[text] = row;
            _keys.Add(key.IsNumeric ? (sourceRow.Numbers[key.Slot], null) : (double.NaN, text));
            _groups.Add([.. _aggregates.Select(a => a.CreateAccumulator())]);
        }

        foreach (var accumulator in _groups[row])
        {
            accumulator.Add(sourceRow);
        }
    }

    /// <inheritdoc />
    /// <remarks>An undefined value of a key (an <c>Avg</c> without values, a division by zero) is a missing cell.</remarks>
    public long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(onRow);
        var row = schema.CreateRow();
        var environment = new KeyEnvironment(_parameters);
        var line = schema.Definition.Span.Line;
        for (var index = 0; index < _keys.Count; index++)
        {
            if ((index & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            row.Clear();
            row.RecordNumber = index + 1;
            row.Position = index + 1;
            row.Line = line;
            (row.Numbers[0], row.Texts[0]) = _keys[index];
            var results = _groups[index].Select(a => a.Result()).ToArray();
            for (var column = 0; column < _dataset.Columns.Count; column++)
            {
                var (target, formula) = _dataset.Columns[column];
                if (!target.IsNumeric)
                {
                    // A text column is one FirstBy/LastBy of a text (DerivedDataset allows nothing else).
                    row.Texts[target.Slot] = _groups[index][_slots[column][0]].TextResult();
                    continue;
                }

                environment.Set(results, _slots[column]);
                var value = formula.Evaluate(environment);
                row.Numbers[target.Slot] = value.IsDefined ? value.Number : double.NaN;
            }

            onRow(row);
        }

        return _keys.Count;
    }

    /// <summary>What a derived column's formula sees for one key: its aggregates, and parameters by name.</summary>
    private sealed class KeyEnvironment(IReadOnlyDictionary<string, double> parameters) : IFormulaEnvironment
    {
        private KpiValue[] _results = [];
        private int[] _slots = [];

        public void Set(KpiValue[] results, int[] slots)
        {
            _results = results;
            _slots = slots;
        }

        public KpiValue Aggregate(int index) => _results[_slots[index]];

        /// <summary>A derived column is computed over all of a key's rows, not per period: there is no time axis.</summary>
        public ITimeAxis? Time => null;

        public KpiValue Name(string name) =>
            parameters.TryGetValue(name, out var value) ? KpiValue.Of(value) : KpiValue.Undefined($"'{name}' is not a parameter");
    }
}
