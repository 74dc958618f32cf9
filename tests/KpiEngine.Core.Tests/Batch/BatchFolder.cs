namespace KpiEngine.Core.Tests.Batch;

/// <summary>A private copy of TestData/Batch in a temporary folder, so tests can change inputs and outputs freely.</summary>
internal sealed class BatchFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-batch-");

    public BatchFolder()
    {
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "Batch");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Path => _folder.FullName;

    public string Out => System.IO.Path.Combine(Path, "out");

    public string this[string relative] => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative));

    public IReadOnlyList<string> Clients(params string[] names) => [.. names.Select(n => this[$"clients/{n}.yaml"])];

    public void Write(string relative, string text) => File.WriteAllText(this[relative], text.ReplaceLineEndings("\n"));

    public void Append(string relative, string text) => File.AppendAllText(this[relative], text);

    /// <summary>Every file under the output folder (name to bytes), the run summary left out: it holds durations.</summary>
    public Dictionary<string, byte[]> Outputs(string? folder = null) =>
        Directory.EnumerateFiles(folder ?? Out)
            .Where(f => System.IO.Path.GetFileName(f) != "run-summary.json")
            .ToDictionary(f => System.IO.Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);

    public void Dispose() => _folder.Delete(recursive: true);
}
