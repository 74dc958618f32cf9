using KpiEngine.Evaluation;
using Spectre.Console;

namespace KpiEngine.Cli;

/// <summary>Where a command writes: the human console, the raw output stream for JSON/CSV, and the error stream.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, bool interactive)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no terminal width; wide tables should not wrap at 80 columns.
            Console.Profile.Width = 160;
        }
    }

    /// <summary>Plain text output (JSON, CSV, diagnostics of validate).</summary>
    public TextWriter Output { get; }

    /// <summary>Diagnostics and messages that must not mix with machine-readable output.</summary>
    public TextWriter Error { get; }

    /// <summary>True when a person is watching a terminal.</summary>
    public bool Interactive { get; }

    /// <summary>The console for tables and colour.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The folders given with --allow-folder: clients may read includes and data there too.</summary>
    public IReadOnlyList<string> AllowedFolders { get; set; } = [];

    /// <summary>An evaluator that lets clients read from <see cref="AllowedFolders"/>.</summary>
    public KpiEvaluator Evaluator() => new() { AllowedFolders = AllowedFolders };
}
