namespace KpiEngine.Cli.Commands;

/// <summary>Turns command-line paths into YAML files: files as given, folders searched recursively, in a stable order.</summary>
internal static class InputFiles
{
    public static List<string> Expand(IEnumerable<string> arguments, TextWriter error, out int missing)
    {
        missing = 0;
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                files.AddRange(Directory.EnumerateFiles(argument, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(argument))
            {
                files.Add(argument);
            }
            else
            {
                error.WriteLine($"{argument}: error KPI1008: file not found.");
                missing++;
            }
        }

        return files;
    }
}
