using KpiEngine.Cli.Output;
using KpiEngine.Evaluation;
using Spectre.Console;

namespace KpiEngine.Cli;

/// <summary>
/// Where a command writes: the human console (tables), human text (<see cref="Output"/>,
/// <see cref="Error"/>), and machine data (<see cref="Data"/>, JSON and CSV). Everything human
/// passes through <see cref="TerminalText"/>, so text from data or YAML cannot drive the terminal.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, bool interactive)
    {
        Data = output;
        Output = new TerminalSafeWriter(output);
        Error = new TerminalSafeWriter(error);
        Interactive = interactive;
        _console = new Lazy<IAnsiConsole>(() => CreateConsole(output, interactive));
    }

    /// <summary>Spectre's console for tables and live progress, made when first drawn on: a run writing CSV or JSON never loads it.</summary>
    private static IAnsiConsole CreateConsole(TextWriter output, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (ColumnsSetting() is { } columns)
        {
            // COLUMNS is how a shell or script states the width (of a terminal, or of what reads the pipe).
            console.Profile.Width = columns;
        }
        else if (!interactive)
        {
            // Redirected output has no terminal width; wide tables should not wrap at 80 columns.
            console.Profile.Width = 160;
        }

        return console;
    }

    private readonly Lazy<IAnsiConsole> _console;

    private const int MinColumns = 20, MaxColumns = 1000;

    /// <summary>The width COLUMNS asks for, when it is a whole number kpi can lay a table out in.</summary>
    private static int? ColumnsSetting() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns)
        && columns is >= MinColumns and <= MaxColumns ? columns : null;

    /// <summary>Human text on standard output (diagnostics of validate, explain, traces); control characters neutralised.</summary>
    public TextWriter Output { get; }

    /// <summary>Machine-readable output on standard output (JSON, CSV), written byte for byte as the writers made it.</summary>
    public TextWriter Data { get; }

    /// <summary>Diagnostics and messages that must not mix with machine-readable output; control characters neutralised.</summary>
    public TextWriter Error { get; }

    /// <summary>True when a person is watching a terminal.</summary>
    public bool Interactive { get; }

    /// <summary>The console for tables and colour.</summary>
    public IAnsiConsole Console => _console.Value;

    /// <summary>The folders given with --allow-folder: clients may read includes and data there too.</summary>
    public IReadOnlyList<string> AllowedFolders { get; set; } = [];

    /// <summary>An evaluator that lets clients read from <see cref="AllowedFolders"/>.</summary>
    public KpiEvaluator Evaluator() => new() { AllowedFolders = AllowedFolders };
}
