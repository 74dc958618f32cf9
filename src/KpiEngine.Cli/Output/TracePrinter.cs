using KpiEngine.Evaluation;
using KpiEngine.Reporting;

namespace KpiEngine.Cli.Output;

/// <summary>Prints a <see cref="ValueTrace"/>: the value, its formula, what each name was worth and where it came from, and why it is undefined.</summary>
internal static class TracePrinter
{
    public static void Print(TextWriter output, ValueTrace trace)
    {
        var where = trace.Cohort is { } cohort ? $"cohort {cohort}, age {trace.Age} ({trace.Period})" : trace.Period;
        output.WriteLine($"{trace.Kind} {trace.Id} in {where} = {Value(trace.Value, trace.Reason)}{(trace.Partial ? "  (partial period: the data does not cover all of it)" : string.Empty)}");
        if (trace.Formula is { } formula)
        {
            output.WriteLine($"  formula: {formula}");
        }

        if (trace.Dataset is { } dataset)
        {
            output.WriteLine($"  dataset: {Describe(dataset, trace.Period)}");
            if (dataset.Access is { } access)
            {
                output.WriteLine($"  data access: {access.Summary(ran: true)}");
                if (access.Sql is { } sql)
                {
                    Commands.ExplainCommand.WriteSql(output, sql);
                }
            }

            foreach (var aggregate in trace.Aggregates)
            {
                output.WriteLine($"    {aggregate.Text} = {Value(aggregate.Value, aggregate.Reason)}");
            }
        }

        if (trace.Names.Count > 0)
        {
            output.WriteLine("  names:");
            var width = trace.Names.Max(n => n.Name.Length) + 2;
            foreach (var name in trace.Names)
            {
                var kind = name.InputKind is KpiEngine.Definitions.InputKind.Balance ? "input (balance)" : name.Kind;
                output.WriteLine($"    {("[" + name.Name + "]").PadRight(width)} {kind,-9} = {Value(name.Value, name.Reason)}");
                if (name.Formula is { } nameFormula)
                {
                    output.WriteLine($"      formula: {nameFormula}");
                }

                if (name.Dataset is { } nameDataset)
                {
                    output.WriteLine($"      dataset: {Describe(nameDataset, trace.Period)}");
                    if (nameDataset.Access is { } nameAccess)
                    {
                        // The SQL is shown once, under the traced value's own dataset or with `kpi explain` of the input.
                        output.WriteLine($"      data access: {nameAccess.Summary(ran: true)}");
                    }
                }
            }
        }

        if (trace.TimeValues.Count > 0)
        {
            output.WriteLine("  time functions:");
            foreach (var time in trace.TimeValues)
            {
                output.WriteLine($"    {time.Text} in {time.Period} = {Value(time.Value, time.Reason)}");
            }
        }

        if (trace.Reason is { } reason)
        {
            output.WriteLine($"  undefined because: {reason}");
        }
    }

    private static string Value(double? value, string? reason) =>
        value is { } number ? NumberFormat.Machine(number) : $"undefined ({reason})";

    private static string Describe(TracedDataset dataset, string period) =>
        $"'{dataset.Name}', " +
        (dataset.Covered ? $"{dataset.Rows} row{(dataset.Rows == 1 ? string.Empty : "s")} in {period}" : $"no rows around {period} (outside its data)") +
        (dataset.Filter is { } filter ? $" after filter {filter}" : string.Empty);
}
