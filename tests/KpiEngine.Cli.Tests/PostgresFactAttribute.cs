namespace KpiEngine.Cli.Tests;

/// <summary>
/// A test that needs the PostgreSQL server <c>.ci/run</c> starts (its connection in
/// <c>KPI_TEST_POSTGRES</c>). Locally without one it is skipped with a message saying how to start
/// it; under CI (<c>CI=true</c>) it is never skipped, so a server that failed to start fails the build.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The environment variable with the test server's connection (<c>postgresql:Host=...</c>).</summary>
    public const string Variable = "KPI_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"No PostgreSQL: {Variable} is not set. Start one with 'source .ci/postgres.sh && kpi_postgres_start' (as .ci/run does), then run the tests from that shell.";
        }
    }

    /// <summary>The test server's connection; a failure that says what is missing when it is not set (under CI).</summary>
    public static string Connection =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run could not start PostgreSQL (see its output above).");
}
