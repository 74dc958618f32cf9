using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Testing;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi test PATH... [--junit FILE]</c>: runs the value tests of client and catalog files
/// (<c>tests:</c> sections and sibling <c>*.tests.yaml</c>). Exit 0 all passed, 1 a test failed,
/// 2 no tests or a test file is itself wrong.
/// </summary>
internal static class TestCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Test files, client or catalog files with tests, or folders to search for them", Arity = ArgumentArity.OneOrMore }.RejectOptions().Paths();
        var junit = new Option<string>("--junit") { Description = "Also write a JUnit XML report to this file (for CI)" }.Paths();
        var command = new Command("test", "Run the value tests next to KPI definitions: tiny datasets and the values named KPIs must have per period (docs/testing-kpis.md).") { paths, junit };
        var plugins = PluginOptions.Create();
        plugins.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(
            context,
            parse.GetValue(paths)!,
            parse.GetValue(junit),
            new EvaluationOptions { PluginFolders = plugins.Folders(parse), IsolatePlugins = plugins.Isolated(parse), PluginTimeout = plugins.Timeout(parse) },
            cancellationToken)));
        return command;
    }

    private static int Execute(CliContext context, string[] arguments, string? junit, EvaluationOptions options, CancellationToken cancellationToken)
    {
        if (junit is not null && OutputTarget.Problem(Path.GetFullPath(junit)) is { } problem)
        {
            context.Error.WriteLine($"{junit}: error {DiagnosticCatalog.OutputTargetRefused.Id}: {problem}");
            return ExitCodes.CouldNotRun;
        }

        var files = InputFiles.Expand(arguments, context.Error, out var missing);
        var loader = new KpiSetLoader { AllowedFolders = context.AllowedFolders };
        var suites = new List<KpiTestSuite>();
        var fileErrors = missing;
        foreach (var file in files)
        {
            if (KpiSetLoader.Classify(file) is not (DefinitionFileKind.Tests or DefinitionFileKind.Client or DefinitionFileKind.Catalog))
            {
                continue;
            }

            var loaded = loader.LoadTests(file);
            DiagnosticPrinter.Print(context.Output, loaded.Diagnostics);
            fileErrors += loaded.Diagnostics.Count(d => d.IsError);
            if (loaded.Value is { Tests.Count: > 0 } suite)
            {
                suites.Add(suite);
            }
        }

        var runner = new KpiTestRunner(context.AllowedFolders, options);
        var outcomes = new List<KpiTestOutcome>();
        foreach (var suite in suites)
        {
            foreach (var outcome in runner.Run(suite, cancellationToken))
            {
                DiagnosticPrinter.Print(context.Output, outcome.Failures);
                outcomes.Add(outcome);
            }
        }

        var failed = outcomes.Count(o => !o.Passed);
        if (outcomes.Count == 0 && fileErrors == 0)
        {
            context.Output.WriteLine($"error {DiagnosticCatalog.NoTests.Id}: no tests found in {string.Join(", ", arguments)}. Write them in NAME.tests.yaml beside a client or catalog file (docs/testing-kpis.md).");
            return ExitCodes.CouldNotRun;
        }

        context.Output.WriteLine($"{outcomes.Count} test{(outcomes.Count == 1 ? "" : "s")} in {suites.Count} file{(suites.Count == 1 ? "" : "s")}: {outcomes.Count - failed} passed, {failed} failed{(fileErrors > 0 ? $"; {fileErrors} error{(fileErrors == 1 ? "" : "s")} in test files" : "")}.");
        if (junit is not null)
        {
            try
            {
                AtomicFile.Write(Path.GetFullPath(junit), stream => JUnitReport.Write(stream, outcomes, Directory.GetCurrentDirectory()));
                context.Error.WriteLine($"Wrote {junit}");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"{junit}: error KPI5002: the JUnit report could not be written: {exception.Message} The file is as it was before.");
                return ExitCodes.CouldNotRun;
            }
        }

        return fileErrors > 0 ? ExitCodes.CouldNotRun : failed > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
    }
}
