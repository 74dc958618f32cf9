using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Evaluation;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi explain CLIENT.yaml KPI [--period P | --cohort C --age N] [--grain G]</c>: how one KPI is computed and where each
/// part comes from; with a period, the trace of that value; with a cohort and an age, the trace of that cell of a cohort KPI's triangle.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var client = new Argument<string>("client") { Description = "The client KPI set file" }.Paths();
        var kpi = new Argument<string>("kpi") { Description = "The KPI or input id" };
        var period = new Option<string?>("--period") { Description = "Trace the value of this period, e.g. 2026-03: every input's value, rows and filter, time function values, why it is undefined" };
        var grain = new Option<string>("--grain") { Description = "Period length for --period: day, week, month, quarter, year or all (--period all)", DefaultValueFactory = _ => "month" };
        grain.AcceptOnlyFromAmong("day", "week", "month", "quarter", "year", "all");
        var cohort = new Option<string?>("--cohort") { Description = "With --age: trace one cell of a cohort KPI's triangle, the cohort named by the period it starts (2026-01)" };
        var age = new Option<int?>("--age") { Description = "With --cohort: the cell's age, whole periods since the cohort (0 is the cohort's own)" };
        var noPushdown = new Option<bool>("--no-pushdown") { Description = "Explain (or trace) with every database dataset's rows streamed, as 'kpi run --no-pushdown' reads them" };
        var by = new Option<string[]>("--by") { Description = "With --period: scan split by these dimension columns, as 'kpi run --by' does (the data access shown is that run's)" };
        var subtotals = new Option<bool>("--subtotals") { Description = "With --period and --by of two or more columns: scan with subtotals, as 'kpi run --subtotals' does (the data access shown is that run's)" };
        var command = new Command("explain", "Show a KPI's formula, what each name in it means, its dependencies and what uses it.") { client, kpi, period, cohort, age, grain, noPushdown, by, subtotals };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new EvaluationOptions
            {
                Grain = Enum.Parse<KpiEngine.Time.Grain>(parse.GetValue(grain)!, ignoreCase: true),
                Pushdown = !parse.GetValue(noPushdown),
                Dimensions = [.. (parse.GetValue(by) ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries))],
                Subtotals = parse.GetValue(subtotals),
            };
            var (at, cell, cellAge) = (parse.GetValue(period), parse.GetValue(cohort), parse.GetValue(age));
            if (CellUsage(at, cell, cellAge) is { } usage)
            {
                context.Error.WriteLine($"error KPI5001: {usage}");
                return Task.FromResult(ExitCodes.CouldNotRun);
            }

            var evaluator = context.Evaluator();
            var (file, id) = (parse.GetValue(client)!, parse.GetValue(kpi)!);
            return Task.FromResult(
                at is not null ? ExecuteTrace(context, file, () => evaluator.Trace(file, id, at, options, cancellationToken))
                : cell is not null ? ExecuteTrace(context, file, () => evaluator.TraceCohort(file, id, cell, cellAge!.Value, options, cancellationToken))
                : Execute(context, file, id, options));
        });
        return command;
    }

    private static int Execute(CliContext context, string client, string id, EvaluationOptions options)
    {
        if (!File.Exists(client))
        {
            context.Error.WriteLine($"{client}: error KPI1008: file not found.");
            return ExitCodes.CouldNotRun;
        }

        var result = context.Evaluator().Explain(client, id, options);
        DiagnosticPrinter.Print(context.Error, result.Diagnostics);
        if (result.Value is not { } explanation)
        {
            return ExitCodes.CouldNotRun;
        }

        var output = context.Output;
        var definition = explanation.Definition;
        output.WriteLine(definition is null
            ? $"input {explanation.Id}"
            : $"KPI {explanation.Id} — {explanation.Name} ({ValueFormat.Unit(definition.Unit)}, {Direction(definition.Direction)})");
        output.WriteLine($"  defined at {explanation.Span}");
        if (!string.IsNullOrWhiteSpace(definition?.Description))
        {
            output.WriteLine($"  {definition.Description.Trim()}");
        }

        if (definition?.Plugin is { } plugin)
        {
            output.WriteLine($"  plugin metric: {plugin.Plugin}/{plugin.Metric}{(plugin.Output is null ? string.Empty : $" (output {plugin.Output})")}");
        }

        if (explanation.Formula is { } formula)
        {
            output.WriteLine($"  formula: {formula}");
        }

        if (definition?.Cohort is { } cohort)
        {
            // How a cohort KPI is computed: who is followed, when each starts, and what a cell is.
            output.WriteLine($"  cohort: each {cohort.Entity} belongs to the period of its start, {cohort.Start?.Text ?? "its first row's time"}" +
                $" over {(cohort.Dataset is { } from ? $"dataset '{from}'" : "the dataset the KPI reads")}");
            output.WriteLine($"    a value per cohort and age: at age n the formula is computed over the rows of that cohort's {cohort.Entity}s in the n-th period after the cohort's own (age 0);");
            output.WriteLine("    every name it uses is computed the same way; Cohort(x) is x at the cohort's age 0 (its size, its first revenue), Prev(x) is x at the previous age;");
            output.WriteLine($"    ages after the data ends are undefined, not 0{(cohort.Ages is { } ages ? $"; ages 0 to {ages - 1} are reported" : string.Empty)}.");
        }

        if (explanation.Dataset is { } dataset)
        {
            output.WriteLine($"  aggregates over dataset '{dataset}':");
            foreach (var aggregate in explanation.Aggregates)
            {
                output.WriteLine($"    {aggregate}");
            }
        }

        if (explanation.Names.Count > 0)
        {
            output.WriteLine("  names:");
            var width = explanation.Names.Max(n => n.Name.Length) + 2;
            foreach (var name in explanation.Names)
            {
                output.WriteLine($"    {("[" + name.Name + "]").PadRight(width + 1)} {name.Kind,-9} {name.Detail}{(name.Span is { } span ? $"   ({span})" : string.Empty)}");
            }
        }

        if (explanation.Benchmark is { } benchmark && definition is not null)
        {
            output.WriteLine($"  benchmark: {BenchmarkBands(benchmark, definition)}");
            if (benchmark.Source is { } source)
            {
                output.WriteLine($"    source: {source}");
            }

            output.WriteLine($"    from {benchmark.Span}");
            output.WriteLine($"    {StatusExplanation.Grain(benchmark, definition)}");
            if (explanation.MinSample is { } sample)
            {
                output.WriteLine($"    {StatusExplanation.Sample(sample)}");
            }

            if (explanation.Scorecard is { } scorecard)
            {
                output.WriteLine($"  {StatusExplanation.Weight(scorecard, definition)}");
            }
        }

        foreach (var access in explanation.Access)
        {
            output.WriteLine($"  data access of dataset '{access.Dataset}' at grain {options.Grain.ToString().ToLowerInvariant()}: {access.Summary(ran: false)}");
            if (access.Sql is { } sql)
            {
                WriteSql(output, sql);
            }
        }

        output.WriteLine($"  depends on: {(explanation.DependsOn.Count == 0 ? "nothing but its dataset" : string.Join(", ", explanation.DependsOn))}");
        output.WriteLine($"  used by: {(explanation.UsedBy.Count == 0 ? "no other KPI" : string.Join(", ", explanation.UsedBy))}");
        return result.Diagnostics.Any(d => d.IsError) ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    /// <summary>Writes a query indented under its heading, one line per line of SQL.</summary>
    internal static void WriteSql(TextWriter output, string sql)
    {
        foreach (var line in sql.Split('\n'))
        {
            output.WriteLine($"      {line}");
        }
    }

    /// <summary>What is wrong with how a value to trace is picked (a period, or a cohort and an age); null when nothing is.</summary>
    private static string? CellUsage(string? period, string? cohort, int? age) => (period, cohort, age) switch
    {
        ({ }, { }, _) or ({ }, _, { }) => "--period picks a value of a KPI reported per period, --cohort and --age a cell of a cohort KPI: give one or the other.",
        (_, { }, null) => $"--cohort {cohort} picks a row of the triangle; add --age to pick the cell (--age 0 is the cohort's own period).",
        (_, null, { }) => "--age picks a column of a cohort KPI's triangle; add --cohort to pick the row (--cohort 2026-01).",
        _ => null,
    };

    private static int ExecuteTrace(CliContext context, string client, Func<KpiEngine.Definitions.LoadResult<ValueTrace>> traceOf)
    {
        if (!File.Exists(client))
        {
            context.Error.WriteLine($"{client}: error KPI1008: file not found.");
            return ExitCodes.CouldNotRun;
        }

        var result = traceOf();
        DiagnosticPrinter.Print(context.Error, result.Diagnostics);
        if (result.Value is not { } trace)
        {
            return ExitCodes.CouldNotRun;
        }

        TracePrinter.Print(context.Output, trace);
        return result.Diagnostics.Any(d => d.IsError) ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    /// <summary>The bands in words: <c>good at or below 2, warning between, poor at or above 5</c>.</summary>
    private static string BenchmarkBands(KpiEngine.Definitions.Benchmark benchmark, KpiEngine.Definitions.KpiDefinition kpi)
    {
        var (good, poor) = kpi.Direction == KpiEngine.Definitions.KpiDirection.Lower ? ("at or below", "at or above") : ("at or above", "at or below");
        var reference = benchmark.Reference is { } value ? $"; reference {Number(value)}" : string.Empty;
        return $"good {good} {Number(benchmark.Good)}, warning between, poor {poor} {Number(benchmark.Poor)}{reference}";
    }

    private static string Number(double value) => KpiEngine.Reporting.NumberFormat.Machine(value);

    private static string Direction(KpiEngine.Definitions.KpiDirection direction) => direction switch
    {
        KpiEngine.Definitions.KpiDirection.Higher => "higher is better",
        KpiEngine.Definitions.KpiDirection.Lower => "lower is better",
        _ => "neutral",
    };
}
