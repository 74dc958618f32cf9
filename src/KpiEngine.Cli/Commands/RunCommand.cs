using System.CommandLine;
using System.Text;
using KpiEngine.Cli.Output;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;
using Spectre.Console;

namespace KpiEngine.Cli.Commands;

/// <summary><c>kpi run CLIENT.yaml... [--grain G] [--from P] [--to P] [--format table|json|csv] [--out PATH] [--trace]</c>.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var clients = new Argument<string[]>("clients") { Description = "Client KPI set files (or folders of them)", Arity = ArgumentArity.OneOrMore }.RejectOptions();
        var grain = new Option<string>("--grain") { Description = "Period length: day, week, month, quarter or year", DefaultValueFactory = _ => "month" };
        grain.AcceptOnlyFromAmong("day", "week", "month", "quarter", "year");
        var from = new Option<string?>("--from") { Description = "First period to report, e.g. 2026-01, 2026-Q1, 2026" };
        var to = new Option<string?>("--to") { Description = "Last period to report" };
        var format = new Option<string>("--format") { Description = "Output format: table, json or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var output = new Option<string?>("--out") { Description = "Write the output to this file (atomically) instead of the console" };
        var inputs = new Option<bool>("--include-inputs") { Description = "Report inputs as well as KPIs" };
        var trace = new Option<bool>("--trace") { Description = "With --format json: add to every result a 'trace' of how it was computed" };
        var command = new Command("run", "Evaluate client KPI sets and report KPI values per period.") { clients, grain, from, to, format, output, inputs, trace };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(
            context,
            parse.GetValue(clients)!,
            new EvaluationOptions
            {
                Grain = Enum.Parse<Grain>(parse.GetValue(grain)!, ignoreCase: true),
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                IncludeInputs = parse.GetValue(inputs),
                Trace = parse.GetValue(trace),
            },
            parse.GetValue(format)!,
            parse.GetValue(output),
            cancellationToken)));
        return command;
    }

    private static int Execute(CliContext context, string[] arguments, EvaluationOptions options, string format, string? outputPath, CancellationToken cancellationToken)
    {
        var calendar = new PeriodCalendar(options.Grain);
        foreach (var bound in new[] { options.From, options.To })
        {
            if (bound is not null && !calendar.TryParse(bound, end: false, out _))
            {
                context.Error.WriteLine($"error KPI5001: '{bound}' is not a period. Write a period as 2026, 2026-Q1, 2026-03, 2026-W10 or 2026-03-05.");
                return ExitCodes.CouldNotRun;
            }
        }

        var files = InputFiles.Expand(arguments, context.Error, out var missing);
        if (files.Count == 0)
        {
            return ExitCodes.CouldNotRun;
        }

        var evaluator = new KpiEvaluator();
        var results = new List<ClientResult>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = evaluator.Run(file, options, cancellationToken);
            DiagnosticPrinter.Print(context.Error, result.Diagnostics);
            results.Add(result);
        }

        try
        {
            Write(context, results, format, outputPath);
        }
        catch (IOException exception)
        {
            context.Error.WriteLine($"{outputPath}: error KPI5002: the output could not be written: {exception.Message}");
            return ExitCodes.PartialFailure;
        }
        catch (UnauthorizedAccessException exception)
        {
            context.Error.WriteLine($"{outputPath}: error KPI5002: the output could not be written: {exception.Message}");
            return ExitCodes.PartialFailure;
        }

        if (results.Count > 1 || results.Any(r => r.Status != ClientStatus.Succeeded))
        {
            foreach (var result in results)
            {
                context.Error.WriteLine($"{result.Client}: {ResultWriters.StatusText(result.Status)} ({DiagnosticPrinter.Summary(result.Diagnostics)})");
            }
        }

        if (results.All(r => r.Status == ClientStatus.Failed))
        {
            return ExitCodes.CouldNotRun;
        }

        return missing > 0 || results.Any(r => r.Status != ClientStatus.Succeeded) ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    private static void Write(CliContext context, List<ClientResult> results, string format, string? outputPath)
    {
        var ran = results.Where(r => r.Status != ClientStatus.Failed).ToList();
        Action<Stream> write = format switch
        {
            "json" => stream => ResultWriters.WriteJson(stream, results),
            "csv" => stream => ResultWriters.WriteCsv(stream, ran),
            _ => stream => WriteTable(stream, ran),
        };

        if (outputPath is not null)
        {
            AtomicFile.Write(outputPath, write);
            context.Error.WriteLine($"Wrote {outputPath}");
            return;
        }

        if (format == "table")
        {
            foreach (var result in ran)
            {
                TableReport.Write(context.Console, result);
                context.Console.WriteLine();
            }

            return;
        }

        using var buffer = new MemoryStream();
        write(buffer);
        context.Output.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        context.Output.Flush();
    }

    private static void WriteTable(Stream stream, List<ClientResult> results)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        var file = new CliContext(writer, TextWriter.Null, interactive: false);
        foreach (var result in results)
        {
            TableReport.Write(file.Console, result);
            file.Console.WriteLine();
        }
    }
}
