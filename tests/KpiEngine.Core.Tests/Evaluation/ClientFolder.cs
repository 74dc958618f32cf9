namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>A temporary folder holding one client file and its data files, for evaluation tests.</summary>
internal sealed class ClientFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-eval-");

    public string Path => _folder.FullName;

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
        return file;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
