using System.CommandLine;
using KpiEngine.Cli.Commands;
using KpiEngine.Diagnostics;

namespace KpiEngine.Cli;

/// <summary>Builds the <c>kpi</c> command tree and runs it; usage errors exit with 2.</summary>
internal static class CliApplication
{
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive)
    {
        var context = new CliContext(output, error, interactive);
        var allowFolder = new Option<string[]>("--allow-folder")
        {
            Description = "A folder clients may read includes, profiles and data from besides their project tree (repeatable)",
            Recursive = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var root = new RootCommand("kpi: evaluate client KPI sets written in YAML against their datasets.")
        {
            ValidateCommand.Create(context),
            RunCommand.Create(context),
            ReportCommand.Create(context),
            ListCommand.Create(context),
            ExplainCommand.Create(context),
            GoalsCommand.Create(context),
            SummaryCommand.Create(context),
            TestCommand.Create(context),
            SchemaCommand.Create(context),
            InitCommand.Create(context),
        };
        root.Options.Add(allowFolder);

        var parse = root.Parse(args);
        context.AllowedFolders = parse.GetValue(allowFolder) ?? [];
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"error KPI5001: {parseError.Message}");
            }

            error.WriteLine("Run 'kpi --help' for usage.");
            return ExitCodes.CouldNotRun;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("Cancelled.");
            return ExitCodes.PartialFailure;
        }
#pragma warning disable CA1031 // The last line of defence: a defect must end with a clear message and exit code, not the runtime's crash report.
        catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            error.WriteLine($"error {DiagnosticCatalog.InternalError.Id}: kpi stopped on an unexpected error: {exception.GetType().Name}: {exception.Message}");
            error.WriteLine("Outputs are written whole or not at all, so no file was left half-written. This is a defect in kpi; please report it with the command line and the trace below.");
            error.WriteLine(exception.ToString());
            return ExitCodes.CouldNotRun;
        }
    }
}
