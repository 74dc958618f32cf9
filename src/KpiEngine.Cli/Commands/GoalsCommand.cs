using System.CommandLine;
using System.Text;
using KpiEngine.Cli.Output;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Cli.Commands;

/// <summary><c>kpi goals CLIENT.yaml [--format table|json] [--as-of P] [--grain G]</c>: how the client's goals stand, without the KPI table.</summary>
internal static class GoalsCommand
{
    public static Command Create(CliContext context)
    {
        var client = new Argument<string>("client") { Description = "The client KPI set file" }.Paths();
        var format = new Option<string>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var asOf = new Option<string?>("--as-of") { Description = "Judge the goals at this period instead of the last period with data, e.g. 2026-03" };
        var grain = new Option<string>("--grain") { Description = "Period length: day, week, month (default), quarter or year", DefaultValueFactory = _ => "month" };
        grain.AcceptOnlyFromAmong("day", "week", "month", "quarter", "year");
        var command = new Command("goals", "Show how a client's goals stand: baseline, target, current, progress, projection and status.") { client, format, asOf, grain };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Execute(
            context,
            parse.GetValue(client)!,
            parse.GetValue(format)!,
            new EvaluationOptions { Grain = Enum.Parse<Grain>(parse.GetValue(grain)!, ignoreCase: true), AsOf = parse.GetValue(asOf) },
            cancellationToken)));
        return command;
    }

    private static int Execute(CliContext context, string client, string format, EvaluationOptions options, CancellationToken cancellationToken)
    {
        if (!RunCommand.CheckPeriods(context, options.Grain, options.AsOf))
        {
            return ExitCodes.CouldNotRun;
        }

        if (!File.Exists(client))
        {
            context.Error.WriteLine($"{client}: error KPI1008: file not found.");
            return ExitCodes.CouldNotRun;
        }

        var result = context.Evaluator().Run(client, options, cancellationToken);
        DiagnosticPrinter.Print(context.Error, result.Diagnostics);
        if (format == "json")
        {
            using var buffer = new MemoryStream();
            ResultWriters.WriteGoalsJson(buffer, [result]);
            context.Data.Write(Encoding.UTF8.GetString(buffer.ToArray()));
            context.Data.Flush();
        }
        else if (result.Status != ClientStatus.Failed)
        {
            if (result.Goals.Count == 0)
            {
                context.Output.WriteLine($"Client '{result.Client}' has no goals; add 'goals:' to its file (see docs/goals.md).");
            }

            GoalReport.Write(context.Console, result);
        }

        return result.Status switch
        {
            ClientStatus.Failed => ExitCodes.CouldNotRun,
            ClientStatus.CompletedWithErrors => ExitCodes.PartialFailure,
            _ => ExitCodes.Success,
        };
    }
}
