using System.Globalization;
using KpiEngine.Bench.Clients;
using KpiEngine.Bench.Comparison;
using KpiEngine.Bench.Generation;
using KpiEngine.Bench.Reference;
using KpiEngine.Bench.Startup;

namespace KpiEngine.Bench;

/// <summary>The harness's subcommands; exit code 0 = done, 1 = a check failed, 2 = usage error.</summary>
internal static class BenchCommands
{
    private const string Usage = """
        usage:
          KpiEngine.Bench generate --rows N --out FILE [--seed S] [--shape per-month|per-client]
          KpiEngine.Bench reference FILE --out RESULTS.csv [--sums-out SUMS.csv] [--client ID] [--threads T]
          KpiEngine.Bench compare EXPECTED.csv ACTUAL.csv [--ignore-kpis ID,ID]
          KpiEngine.Bench compare-sums EXPECTED.csv ACTUAL.csv
          KpiEngine.Bench clients --count N --out DIR
          KpiEngine.Bench first-output [--repeat N] -- COMMAND [ARGS...]
          KpiEngine.Bench parse-compare FILE [--repeat N]
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var options = CommandLine.Parse(args.AsSpan(1));
            switch (args[0])
            {
                case "generate":
                    var rows = options.Long("--rows");
                    var seed = options.Long("--seed", 20260101);
                    var shape = options.Text("--shape", "per-month") switch
                    {
                        "per-month" => ExportShape.PerMonth,
                        "per-client" => ExportShape.PerClient,
                        var other => throw new UsageException($"option --shape: '{other}' is not per-month or per-client"),
                    };
                    var bytes = ExportGenerator.Write(options.Required("--out"), rows, (ulong)seed, shape);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {rows} rows, {bytes / 1e6:F1} MB ({(double)bytes / Math.Max(1, rows):F1} bytes/row)"));
                    return 0;
                case "reference":
                    var threads = (int)options.Long("--threads", Environment.ProcessorCount);
                    var sums = ReferenceScan.Run(options.Positional(0), Math.Max(1, threads));
                    ReferenceReport.WriteCsv(options.Required("--out"), options.Text("--client", "bench"), sums);
                    if (options.Text("--sums-out", string.Empty) is { Length: > 0 } sumsPath)
                    {
                        ReferenceReport.WriteSums(sumsPath, sums);
                    }

                    return 0;
                case "parse-compare":
                    return Parsing.ParserComparison.Run(options.Positional(0), (int)options.Long("--repeat", 3), output);
                case "compare":
                    var ignored = options.Text("--ignore-kpis", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    return ResultComparison.Run(options.Positional(0), options.Positional(1), ignored, output) ? 0 : 1;
                case "compare-sums":
                    return ResultComparison.RunSums(options.Positional(0), options.Positional(1), output) ? 0 : 1;
                case "clients":
                    var count = (int)options.Long("--count", 1000);
                    ClientFiles.Write(options.Required("--out"), count);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count} client files under {options.Required("--out")}"));
                    return 0;
                case "first-output":
                    return FirstOutputTimer.Run(options.Rest, (int)options.Long("--repeat", 5), output, error);
                default:
                    error.WriteLine($"unknown command '{args[0]}'");
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (UsageException exception)
        {
            error.WriteLine(exception.Message);
            error.WriteLine(Usage);
            return 2;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {exception.Message}");
            return 1;
        }
    }
}
