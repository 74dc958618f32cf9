using System.CommandLine;

namespace KpiEngine.Cli.Commands;

/// <summary>The clients and periods a command evaluates, shared by <c>run</c> and <c>report</c> so both read them alike.</summary>
internal sealed class ClientSelection
{
    public ClientSelection() => Grain.AcceptOnlyFromAmong("day", "week", "month", "quarter", "year", "all");

    public Argument<string[]> Clients { get; } = new Argument<string[]>("clients") { Description = "Client KPI set files, folders of them, or quoted globs (clients/**/*.yaml)", Arity = ArgumentArity.ZeroOrMore }.RejectOptions().Paths();

    public Option<string?> Grain { get; } = new("--grain") { Description = "Period length: day, week, month (default), quarter, year, or all (one period over the whole range)" };

    public Option<string?> From { get; } = new("--from") { Description = "First period to report, e.g. 2026-01, 2026-Q1, 2026" };

    public Option<string?> To { get; } = new("--to") { Description = "Last period to report" };
}
