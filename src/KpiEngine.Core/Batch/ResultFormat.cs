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

    /// <summary>The client report as one self-contained HTML file (<see cref="HtmlReportWriter"/>).</summary>
    public static ResultFormat Html { get; } = new("html", "html", (stream, result) => HtmlReportWriter.Write(stream, ClientReportBuilder.Build(result)));

    /// <summary>The client report as Markdown, without charts (<see cref="MarkdownReportWriter"/>).</summary>
    public static ResultFormat Markdown { get; } = new("markdown", "md", (stream, result) => MarkdownReportWriter.Write(stream, ClientReportBuilder.Build(result)));

    /// <summary>The client report as an Excel workbook (<see cref="XlsxReportWriter"/>).</summary>
    public static ResultFormat Xlsx { get; } = new("xlsx", "xlsx", (stream, result) => XlsxReportWriter.Write(stream, ClientReportBuilder.Build(result)));

    /// <summary>True for the report formats, which hold one client per file.</summary>
    public bool IsReport => Name is "html" or "markdown" or "xlsx";
}
