using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Streams the rows of a database table or query: one SELECT of the needed columns, read forward
/// once. Values go through <see cref="CellWriter"/> as invariant text, so a database dataset is
/// checked and typed exactly as the same data in a CSV file is (dates in the time window, bad cells
/// reported with their record number). Rows are numbered from 1 in the order the database returns them.
/// </summary>
internal sealed class DatabaseRowSource : IRowSource
{
    /// <summary>The shared instance (the source keeps no state between scans).</summary>
    public static readonly DatabaseRowSource Instance = new();

    private DatabaseRowSource()
    {
    }

    /// <inheritdoc/>
    public long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(needed);
        ArgumentNullException.ThrowIfNull(onRow);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var definition = schema.Definition;
        if (DatabaseConnections.Resolve(definition, diagnostics) is not { } connection)
        {
            return 0;
        }

        var problems = new ScanProblems(definition, diagnostics);
        var scan = new RowScan(schema, needed, problems);
        var targets = scan.Targets;
        long delivered = 0;
        try
        {
            DatabaseTable.Run(definition, connection, diagnostics, db =>
            {
                using var command = db.CreateCommand();
                command.CommandText = DatabaseTable.SelectText(definition, [.. targets.Select(t => t.Name)]);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var row = scan.Start(delivered + 1, delivered + 1);
                    for (var i = 0; i < targets.Length; i++)
                    {
                        if (CellText.Of(reader.GetValue(i), targets[i].Type) is { } text)
                        {
                            scan.WriteText(row, targets[i], text);
                        }
                    }

                    delivered++;
                    onRow(row);
                }

                return string.Empty;
            });
        }
        finally
        {
            problems.Flush();
        }

        return delivered;
    }
}
