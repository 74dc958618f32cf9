using System.Collections.ObjectModel;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;
using KpiEngine.Plugins;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>Paths of the test plugins deployed by TestPlugins.targets, and small builders for KPIs, datasets and runs.</summary>
internal static class PluginTestKit
{
    public static readonly PeriodCalendar Months = new(Grain.Month);

    // 2026-01 and 2026-02: ordinals 2026 * 12 + 0 = 24312 (even) and 24313 (odd).
    public static readonly int January = Months.OrdinalOf(new DateOnly(2026, 1, 1));
    public static readonly int February = Months.OrdinalOf(new DateOnly(2026, 2, 1));

    public static string TestPlugin(string name) => Path.Combine(AppContext.BaseDirectory, "TestPlugins", name);

    public static string TestPluginRoot => Path.Combine(AppContext.BaseDirectory, "TestPlugins");

    public static string ShippedPluginRoot => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static PluginCatalog Load(DiagnosticBag bag, bool isolated = false, double timeoutSeconds = 20, params string[] folders) =>
        PluginCatalog.Load(folders, new PluginHostOptions(isolated, TimeSpan.FromSeconds(timeoutSeconds)), bag);

    public static KpiDefinition PluginKpi(string id, string plugin, string metric, string? output = null, string? dataset = "sales", params (string Key, string Value)[] parameters) =>
        new(id, id, null, KpiUnit.Number, KpiDirection.Higher, null, null, dataset,
            new PluginReference(plugin, metric, output, new ReadOnlyDictionary<string, string>(parameters.ToDictionary(p => p.Key, p => p.Value)), SourceSpan.At("client.yaml", 7, 5)),
            SourceSpan.At("client.yaml", 5, 3));

    public static DatasetSchema Schema(string name, params (string Name, ColumnType Type)[] columns) =>
        new(
            new DatasetDefinition(name, "/data/" + name + ".csv", DatasetFormat.Csv, null, [], string.Empty, [], ',', null, null, SourceSpan.At("client.yaml", 2, 3)),
            [.. columns.Select((c, i) => new ColumnSchema(c.Name, c.Type, i, i))]);

    /// <summary>Feeds rows (one array of cells per row, numbers as double, text as string) and completes for the given periods, without dimensions.</summary>
    public static IReadOnlyDictionary<int, KpiValue> Run(IPluginMetricBinding binding, DatasetSchema schema, IEnumerable<(int Period, object?[] Cells)> rows, params int[] periods)
    {
        Feed(binding, schema, rows.Select(r => (r.Period, DimensionIndex.Total, r.Cells)));
        return Totals(binding, periods);
    }

    /// <summary>Feeds rows with their dimension combination (numbers from <paramref name="dimensions"/>) and completes for the given periods.</summary>
    public static IReadOnlyDictionary<(int Period, int Combination), KpiValue> RunByDimension(
        IPluginMetricBinding binding, DatasetSchema schema, DimensionIndex dimensions, IEnumerable<(int Period, int Combination, object?[] Cells)> rows, params int[] periods)
    {
        Feed(binding, schema, rows);
        return binding.Complete(Months, periods, dimensions.KeyOf, CancellationToken.None);
    }

    /// <summary>Completes a run without dimensions: the values over all rows, by period.</summary>
    public static IReadOnlyDictionary<int, KpiValue> Totals(IPluginMetricBinding binding, params int[] periods) =>
        binding.Complete(Months, periods, null, CancellationToken.None)
            .Where(v => v.Key.Combination == DimensionIndex.Total)
            .ToDictionary(v => v.Key.Period, v => v.Value);

    private static void Feed(IPluginMetricBinding binding, DatasetSchema schema, IEnumerable<(int Period, int Combination, object?[] Cells)> rows)
    {
        var buffer = schema.CreateRow();
        foreach (var (period, combination, cells) in rows)
        {
            buffer.Clear();
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i] is double number)
                {
                    buffer.Numbers[i] = number;
                }
                else
                {
                    buffer.Texts[i] = (string?)cells[i];
                }
            }

            binding.Add(buffer, period, combination);
        }
    }

    public static IEnumerable<Diagnostic> WithId(this DiagnosticBag bag, string id) => bag.Items.Where(d => d.Id == id);
}
