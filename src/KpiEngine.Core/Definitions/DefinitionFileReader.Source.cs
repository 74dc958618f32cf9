using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>A dataset's <c>source:</c> block: rows from a database table or query instead of a file.</summary>
internal sealed partial class DefinitionFileReader
{
    private static readonly string[] SourceKeys = ["connection", "table", "query", "pushdown"];

    /// <summary>Keys that describe a file, which a database dataset does not have.</summary>
    private static readonly string[] NotWithSource = ["path", "format", "delimiter"];

    /// <summary>
    /// Reads <c>source: { connection: NAME, table: T }</c> or <c>{ connection: NAME, query: "select ..." }</c>;
    /// null (with the problems reported) when it is incomplete. The connection is a name, so no
    /// connection string or password is ever written in the client file.
    /// </summary>
    private DatabaseSource? ReadSource(YamlMapping map, string owner)
    {
        var sourceOwner = $"'source' of {owner}";
        foreach (var fileKey in NotWithSource)
        {
            if (map.Find(fileKey) is { } entry)
            {
                _schema.Invalid(entry.Key, $"The {owner} reads from a database ('source'), so it cannot have '{fileKey}'.",
                    "Keep 'source' to read a table or query, or 'path' to read a file, not both.");
            }
        }

        if (map.Find("culture") is { } cultureEntry)
        {
            // A database hands typed values over (numeric, date): there is no text for a culture to read.
            _schema.Diagnostics.Add(DiagnosticCatalog.CultureWithSource,
                $"The {owner} reads from a database ('source'), whose column types come from its schema, so it cannot have 'culture'.",
                _schema.Span(cultureEntry.Key), "Remove 'culture': numbers and dates of a database table are read as the database types them.");
        }

        var entrySpan = _schema.Span(map.Find("source")!.Value.Key);
        if (_schema.Mapping(map["source"], sourceOwner) is not { } source)
        {
            if (map["source"] is YamlScalar { IsNull: true })
            {
                _schema.ReportMissing("source", owner, entrySpan, empty: true);
            }

            return null;
        }

        _schema.CheckKeys(source, SourceKeys, sourceOwner);
        var connection = _schema.Required(source, "connection", sourceOwner);
        var table = _schema.Scalar(source["table"], "table", sourceOwner);
        var query = _schema.Scalar(source["query"], "query", sourceOwner);
        if (connection is not null && connection.Value.Contains('=', StringComparison.Ordinal))
        {
            // A connection string pasted into the client file would put a password in version control.
            _schema.Invalid(connection, $"The {sourceOwner} names its connection with a connection string; it takes the connection's name.",
                "Put the connection string in an environment variable (e.g. SHOP_DB) or the connections file, and write 'connection: SHOP_DB'.");
            return null;
        }

        if ((table is null) == (query is null) || table?.Value.Length == 0 || query?.Value.Length == 0)
        {
            _schema.Invalid(source, $"The {sourceOwner} needs exactly one of 'table' and 'query'.",
                "Write 'table: orders' to read a whole table, or 'query: \"select ...\"' for the rows of a query.");
            return null;
        }

        var pushdown = true;
        if (_schema.Scalar(source["pushdown"], "pushdown", sourceOwner) is { } flag)
        {
            if (flag.Value is not ("true" or "false"))
            {
                _schema.Invalid(flag, $"'pushdown' of the {sourceOwner} is '{flag.Value}'; it takes true or false.", "Write 'pushdown: false' to stream the rows instead of aggregating them in the database.");
            }

            pushdown = flag.Value != "false";
        }

        return connection is null ? null : new DatabaseSource(
            connection.Value,
            table?.Value,
            query?.Value,
            _schema.Span(source),
            _schema.Span(connection),
            _schema.Span((table ?? query)!))
        {
            Pushdown = pushdown,
        };
    }
}
