using KpiEngine.Benchmarks;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Tests.Benchmarks;

public class BenchmarkTests
{
    private static readonly Benchmark Churn = new("churn", Good: 2, Poor: 5, null, null, SourceSpan.At("p.yaml", 1, 1));
    private static readonly Benchmark Conversion = new("conversion", Good: 3, Poor: 1, null, null, SourceSpan.At("p.yaml", 2, 1));

    // Lower is better (churn 2 / 5): at or below 2 good, at or above 5 poor, between a warning.
    [Theory]
    [InlineData(1.5, BenchmarkStatus.Good)]
    [InlineData(2.0, BenchmarkStatus.Good)]
    [InlineData(2.01, BenchmarkStatus.Warning)]
    [InlineData(4.99, BenchmarkStatus.Warning)]
    [InlineData(5.0, BenchmarkStatus.Poor)]
    [InlineData(9.0, BenchmarkStatus.Poor)]
    public void Rate_LowerIsBetter_BoundariesBelongToTheirBand(double value, BenchmarkStatus expected) =>
        Assert.Equal(expected, Churn.Rate(value, KpiDirection.Lower));

    // Higher is better (conversion 3 / 1): at or above 3 good, at or below 1 poor.
    [Theory]
    [InlineData(4.0, BenchmarkStatus.Good)]
    [InlineData(3.0, BenchmarkStatus.Good)]
    [InlineData(2.0, BenchmarkStatus.Warning)]
    [InlineData(1.0, BenchmarkStatus.Poor)]
    [InlineData(-1.0, BenchmarkStatus.Poor)]
    public void Rate_HigherIsBetter_BoundariesBelongToTheirBand(double value, BenchmarkStatus expected) =>
        Assert.Equal(expected, Conversion.Rate(value, KpiDirection.Higher));

    [Fact]
    public void Rate_UndefinedValueOrNeutralKpi_HasNoStatus()
    {
        Assert.Null(Churn.Rate(null, KpiDirection.Lower));
        Assert.Null(Churn.Rate(3, KpiDirection.Neutral));
    }

    [Fact]
    public void IsOrderedFor_FollowsDirection_AndRejectsEqualThresholds()
    {
        Assert.True(Churn.IsOrderedFor(KpiDirection.Lower));
        Assert.False(Churn.IsOrderedFor(KpiDirection.Higher));
        Assert.True(Conversion.IsOrderedFor(KpiDirection.Higher));
        Assert.False((Churn with { Poor = 2 }).IsOrderedFor(KpiDirection.Lower));
    }
}
