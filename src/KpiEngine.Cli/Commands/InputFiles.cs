using System.CommandLine;

namespace KpiEngine.Cli.Commands;

/// <summary>Turns command-line paths into YAML files: files as given, folders searched recursively, in a stable order.</summary>
internal static class InputFiles
{
    /// <summary>
    /// Rejects option-like tokens in a file list: without this, a misspelt option (<c>--colour</c>)
    /// would be taken for a file name and reported as a missing file instead of a usage error.
    /// </summary>
    public static Argument<string[]> RejectOptions(this Argument<string[]> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
            {
                result.AddError($"Unknown option '{token.Value}'.");
            }
        });
        return argument;
    }

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
