using System.Diagnostics;
using System.Globalization;
using KpiEngine.Datasets;
using nietras.SeparatedValues;

namespace KpiEngine.Bench.Parsing;

/// <summary>
/// Issue 8 asks whether Sep, a well-kept CSV parser, should replace the engine's own record reader.
/// Both read the same export on one thread and sum every numeric column (plain double sums, in file
/// order, so both must give the same bits): Sep with its parser of doubles, the engine's reader with the
/// cell parser its scan uses. Each is run <c>repeat</c> times, alternated; the fastest run counts.
/// </summary>
internal static class ParserComparison
{
    public static int Run(string path, int repeat, TextWriter output)
    {
        var sep = new List<double>();
        var own = new List<double>();
        double[]? sepSums = null;
        double[]? ownSums = null;
        for (var round = 0; round < repeat; round++)
        {
            sep.Add(Time(() => sepSums = WithSep(path)));
            own.Add(Time(() => ownSums = WithOwnReader(path)));
        }

        var same = sepSums!.AsSpan().SequenceEqual(ownSums!);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parse-compare {Path.GetFileName(path)}: Sep 0.17.1 min {sep.Min():F2} s, own reader min {own.Min():F2} s over {repeat} alternated runs (one thread, {sepSums!.Length} number columns summed); sums {(same ? "identical" : "DIFFERENT")}"));
        return same ? 0 : 1;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The columns after the first four (client or month, date, channel, offer type) are numbers.</summary>
    private const int FirstNumberColumn = 4;

    private static double[] WithSep(string path)
    {
        using var reader = Sep.Reader(o => o with { CultureInfo = CultureInfo.InvariantCulture, HasHeader = true }).FromFile(path);
        var width = reader.Header.ColNames.Count;
        var sums = new double[width - FirstNumberColumn];
        foreach (var row in reader)
        {
            for (var i = FirstNumberColumn; i < width; i++)
            {
                sums[i - FirstNumberColumn] += row[i].Parse<double>();
            }
        }

        return sums;
    }

    private static double[] WithOwnReader(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var reader = new CsvRecordReader(stream, (byte)',');
        reader.Read();
        var width = reader.FieldCount;
        var sums = new double[width - FirstNumberColumn];
        while (reader.Read())
        {
            for (var i = FirstNumberColumn; i < width; i++)
            {
                if (!CellParser.TryPlainDecimal(reader.Field(i), out var value))
                {
                    throw new InvalidDataException($"line {reader.Line}: column {i} is not a plain decimal");
                }

                sums[i - FirstNumberColumn] += value;
            }
        }

        return sums;
    }
}
