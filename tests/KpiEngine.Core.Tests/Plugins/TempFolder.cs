namespace KpiEngine.Core.Tests.Plugins;

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("kpi-plugin-test-").FullName;

    public string Path { get; }

    /// <summary>Copies a plugin folder (keeping its name) into this folder.</summary>
    public string CopyOf(string folder)
    {
        var target = System.IO.Path.Combine(Path, System.IO.Path.GetFileName(folder));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
