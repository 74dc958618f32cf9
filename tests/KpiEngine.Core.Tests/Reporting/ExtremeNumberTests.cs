using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>
/// Finite values at the edges of the double range print as numbers that parse back, in every
/// output. Before: G15 rounding turned double.MaxValue into 1.79769313486232E+308, which is past
/// MaxValue, so it parsed back as infinity: the JSON writer threw and the CSV said "Infinity".
/// </summary>
public sealed class ExtremeNumberTests
{
    /// <summary>The edge values the hostile-input review named, plus their neighbours.</summary>
    public static TheoryData<double> EdgeValues => new()
    {
        double.MaxValue,
        -double.MaxValue,
        double.Epsilon,
        -double.Epsilon,
        1e-320, // subnormal
        -1e-320,
        9.999999999999999e307,
        1.7976931348623151e308, // rounds to 15 digits just below MaxValue: the ordinary path
        2.2250738585072014e-308, // smallest normal
        1e15,
        123456789012345678,
    };

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Machine_EdgeValue_ParsesBackToAFiniteNumberThatPrintsTheSame(double value)
    {
        var text = NumberFormat.Machine(value);

        var parsed = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(double.IsFinite(parsed), $"{value:R} printed as {text}, which parses as {parsed}");
        Assert.Equal(text, NumberFormat.Machine(parsed));
        Assert.Equal(Math.Sign(value), Math.Sign(parsed));

        // At most 15 significant digits are kept: the printed value is the value, to 1 part in 1e14.
        // Subnormals hold fewer digits than that, so for them the printed value must be the value itself.
        var tolerance = Math.Abs(value) < 2.2250738585072014e-308 ? 0 : Math.Abs(value) * 1e-14;
        Assert.InRange(parsed, value - tolerance, value + tolerance);
    }

    [Theory]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(-double.MaxValue, "-1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(1e-320, "1E-320")]
    [InlineData(9.999999999999999e307, "1E+308")]
    public void Machine_EdgeValue_PrintsThisText(double value, string expected)
    {
        // MaxValue: its 15-digit rounding overflows, so it is printed exactly (17 digits).
        // Epsilon, 1e-320: the 15-digit texts parse to the same subnormal, which prints shortest.
        // 9.999999999999999e307: 15 digits round it to 1e308, still finite.
        Assert.Equal(expected, NumberFormat.Machine(value));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Machine_NotFinite_IsRefusedNotPrintedAsText(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberFormat.Machine(value));
    }

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void WriteJsonAndCsv_EdgeValue_EveryNumberParsesBackAsWritten(double value)
    {
        var client = new ClientResult(
            "c", "C", "c.yaml", Grain.Month, ["2026-01"],
            [new KpiResult("c", "k", "n", "2026-01", value, null, KpiUnit.Number)
            {
                Benchmark = new Benchmark("k", value, -value, value, null, KpiEngine.Diagnostics.SourceSpan.At("c.yaml", 1, 1)),
            }],
            [], ClientStatus.Succeeded);
        using var json = new MemoryStream();
        using var csv = new MemoryStream();

        ResultWriters.WriteJson(json, [client]);
        ResultWriters.WriteCsv(csv, [client]);

        var expected = double.Parse(NumberFormat.Machine(value), CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(json.ToArray());
        var result = document.RootElement.GetProperty("clients")[0].GetProperty("results")[0];
        Assert.Equal(expected, result.GetProperty("value").GetDouble());
        Assert.Equal(expected, result.GetProperty("benchmark").GetProperty("good").GetDouble());
        Assert.Equal(-expected, result.GetProperty("benchmark").GetProperty("poor").GetDouble());
        Assert.Equal(expected, result.GetProperty("benchmark").GetProperty("reference").GetDouble());
        var cell = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n")[1].Split(',')[3];
        Assert.Equal(expected, double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(double.MaxValue, 2, "1.7976931348623157E+308")]
    [InlineData(-double.MaxValue, 0, "-1.7976931348623157E+308")]
    [InlineData(1e15, 2, "1000000000000000")]
    [InlineData(999_999_999_999_999.0, 0, "999,999,999,999,999")]
    [InlineData(1234.5, 2, "1,234.50")]
    [InlineData(1234.5, 3, "1,234.5")]
    [InlineData(-1e-320, 2, "0.00")]
    [InlineData(-0.004, 2, "0.00")]
    [InlineData(-0.005, 2, "-0.01")]
    public void Display_PrintsGroupedDigitsUpTo1e15AndTheMachineTextBeyond(double value, int decimals, string expected)
    {
        // 1234.5 with 3 decimals is written without trailing zeros (the table's format for plain numbers).
        Assert.Equal(expected, NumberFormat.Display(value, decimals, trailingZeros: decimals != 3));
    }
}
