using System.CommandLine;

namespace KpiEngine.Cli.Commands;

/// <summary>The plugin options shared by <c>run</c> and <c>list plugins</c>.</summary>
internal sealed class PluginOptions
{
    private readonly Option<string[]> _folders = new("--plugins") { Description = "A plugin folder to search (repeatable), besides plugins/ next to kpi and next to the client file", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> _isolated = new("--isolate-plugins") { Description = "Run plugin metrics in a worker process, killed after --plugin-timeout (for plugins you do not trust)" };
    private readonly Option<double> _timeout = new("--plugin-timeout") { Description = "Seconds an isolated plugin call may take", DefaultValueFactory = _ => 30 };

    private PluginOptions()
    {
        _timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 86_400)
            {
                result.AddError("--plugin-timeout must be between 0 and 86400 seconds.");
            }
        });
    }

    public static PluginOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Add(_folders);
        command.Add(_isolated);
        command.Add(_timeout);
    }

    public IReadOnlyList<string> Folders(ParseResult parse) => [.. (parse.GetValue(_folders) ?? []).Select(Path.GetFullPath)];

    public bool Isolated(ParseResult parse) => parse.GetValue(_isolated);

    public TimeSpan Timeout(ParseResult parse) => TimeSpan.FromSeconds(parse.GetValue(_timeout));
}
