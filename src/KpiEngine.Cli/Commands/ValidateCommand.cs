using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Cli.Commands;

/// <summary><c>kpi validate FILE|DIR...</c>: every problem in client and catalog files, without running anything.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Client or catalog YAML files, or folders to search for *.yaml", Arity = ArgumentArity.OneOrMore }.RejectOptions();
        var command = new Command("validate", "Check client and catalog files: YAML, keys, formulas, names, cycles, dataset files and columns.") { files };
        command.SetAction(parse => Execute(context, parse.GetValue(files)!));
        return command;
    }

    private static int Execute(CliContext context, string[] arguments)
    {
        var paths = InputFiles.Expand(arguments, context.Error, out var missing);
        var evaluator = context.Evaluator();
        var all = new List<Diagnostic>();
        foreach (var path in paths)
        {
            var diagnostics = evaluator.Validate(path);
            DiagnosticPrinter.Print(context.Output, diagnostics);
            all.AddRange(diagnostics);
        }

        var errors = all.Count(d => d.IsError) + missing;
        context.Output.WriteLine($"{paths.Count} file{(paths.Count == 1 ? string.Empty : "s")} checked: {DiagnosticPrinter.Summary(all)}{(missing > 0 ? $", {missing} path(s) not found" : string.Empty)}.");
        return errors > 0 ? ExitCodes.CouldNotRun : ExitCodes.Success;
    }
}
