using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>The schema of a Parquet file: the columns and types the file declares.</summary>
internal sealed partial class DatasetSchemaReader
{
    private static Sample? SampleParquet(DatasetDefinition definition, Stream stream, DiagnosticBag diagnostics)
    {
        try
        {
            var columns = ParquetColumns.Schema(stream);
            return new Sample([.. columns.Select(c => c.Name)], columns.ToDictionary(c => c.Name, _ => new ColumnInference(), StringComparer.Ordinal))
            {
                Types = columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal),
            };
        }
        catch (Exception e) when (ParquetColumns.IsUnreadable(e))
        {
            diagnostics.Add(DiagnosticCatalog.MalformedData, $"Dataset '{definition.Name}': {definition.Path} cannot be read as a Parquet file: {e.Message.TrimEnd('.')}.",
                SourceSpan.At(definition.Path, 1, 0), "Check that the file is a complete Parquet file (it starts and ends with the bytes PAR1).");
            return null;
        }
    }
}
