using System.CommandLine;

namespace KpiEngine.Cli.Commands;

/// <summary>The plugin options shared by <c>run</c> and <c>list plugins</c>.</summary>
internal sealed class PluginOptions
{
    private readonly Option<string[]> _folders = new Option<string[]>("--plugins") { Description = "A plugin folder to search (repeatable), besides plugins/ next to kpi and next to the client file", AllowMultipleArgumentsPerToken = false }.Paths();
    private readonly Option<bool> _isolated = new("--isolate-plugins") { Description = "Run plugin metrics in a worker process, killed after --plugin-timeout (for plugins you do not trust)" };

    // At least a tenth of a second: a shorter timeout (1e-300 became 0 ticks) fails every call.
    private readonly Option<double> _timeout = OptionValues.Seconds("--plugin-timeout", "Seconds an isolated plugin call may take", 30, 0.1, 86_400);

    private PluginOptions()
    {
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
