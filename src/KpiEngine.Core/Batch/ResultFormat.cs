using KpiEngine.Evaluation;
using KpiEngine.Reporting;

namespace KpiEngine.Batch;

/// <summary>An output format of a batch run: each client gets one file <c>&lt;client-id&gt;.&lt;extension&gt;</c> per format.</summary>
/// <param name="Name">The name used on the command line and in manifests (<c>json</c>).</param>
/// <param name="Extension">The file extension without the dot.</param>
/// <param name="Write">Writes one client's results to the stream; must be deterministic, so re-runs give identical bytes.</param>
public sealed record ResultFormat(string Name, string Extension, Action<Stream, ClientResult> Write)
{
    /// <summary>JSON as <see cref="ResultWriters.WriteJson"/> writes it, for one client.</summary>
    public static ResultFormat Json { get; } = new("json", "json", (stream, result) => ResultWriters.WriteJson(stream, [result]));

    /// <summary>CSV as <see cref="ResultWriters.WriteCsv"/> writes it, for one client.</summary>
    public static ResultFormat Csv { get; } = new("csv", "csv", (stream, result) => ResultWriters.WriteCsv(stream, [result]));
}
