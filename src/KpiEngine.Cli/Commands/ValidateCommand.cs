using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KpiEngine.Cli.Commands;

/// <summary><c>kpi validate FILE|DIR... [--plugins DIR] [--isolate-plugins]</c>: every problem in client and catalog files, without scanning data.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Client or catalog YAML files, or folders to search for *.yaml", Arity = ArgumentArity.OneOrMore }.RejectOptions().Paths();
        var command = new Command("validate", "Check client and catalog files: YAML, keys, formulas, names, cycles, dataset files and columns, and the plugins they use (--isolate-plugins to load those in a worker process).") { files };
        var plugins = PluginOptions.Create();
        plugins.AddTo(command);
        command.SetAction(parse => Execute(
            context,
            parse.GetValue(files)!,
            new EvaluationOptions { PluginFolders = plugins.Folders(parse), IsolatePlugins = plugins.Isolated(parse), PluginTimeout = plugins.Timeout(parse) }));
        return command;
    }

    private static int Execute(CliContext context, string[] arguments, EvaluationOptions options)
    {
        var paths = InputFiles.Expand(arguments, context.Error, out var missing);
        // Validation as any host does it: through services.AddKpiEngine() and IKpiEngine.
        using var services = new ServiceCollection().AddKpiEngine(engine =>
        {
            engine.IsolatePlugins = options.IsolatePlugins;
            engine.PluginTimeout = options.PluginTimeout;
            foreach (var folder in options.PluginFolders)
            {
                engine.PluginFolders.Add(folder);
            }

            foreach (var folder in context.AllowedFolders)
            {
                engine.AllowedFolders.Add(folder);
            }
        }).BuildServiceProvider();
        var validator = services.GetRequiredService<IKpiEngine>();
        var all = new List<Diagnostic>();
        // Files are checked a few at a time on every core (a folder of a thousand clients), and their
        // problems printed in the order of the paths, as one at a time would print them.
        var window = Math.Max(2, Environment.ProcessorCount * 2);
        var checking = new Queue<Task<KpiValidation>>();
        void PrintNext()
        {
            // A console command has no synchronisation context, so waiting here cannot deadlock.
            var diagnostics = checking.Dequeue().GetAwaiter().GetResult().Diagnostics;
            DiagnosticPrinter.Print(context.Output, diagnostics);
            all.AddRange(diagnostics);
        }

        foreach (var path in paths)
        {
            checking.Enqueue(validator.ValidateAsync(path));
            if (checking.Count >= window)
            {
                PrintNext();
            }
        }

        while (checking.Count > 0)
        {
            PrintNext();
        }

        var errors = all.Count(d => d.IsError) + missing;
        context.Output.WriteLine($"{paths.Count} file{(paths.Count == 1 ? string.Empty : "s")} checked: {DiagnosticPrinter.Summary(all)}{(missing > 0 ? $", {missing} path(s) not found" : string.Empty)}.");
        return errors > 0 ? ExitCodes.CouldNotRun : ExitCodes.Success;
    }
}
