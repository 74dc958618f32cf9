namespace KpiEngine.Cli.Tests;

/// <summary><c>kpi schema</c> as a user runs it: prints one schema, or writes all of them as shipped.</summary>
public sealed class SchemaCommandEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-schema-e2e-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Schema_Out_WritesTheShippedSchemasAndReference()
    {
        var run = KpiProcess.Run(_work.FullName, "schema", "--out", "schemas", "--reference", "keys.md");

        Assert.True(run.ExitCode == 0, run.ToString());
        var shipped = Directory.GetFiles(Path.Combine(KpiProcess.RepositoryRoot, "schemas")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(shipped, Directory.GetFiles(Path.Combine(_work.FullName, "schemas")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(shipped, name => Assert.Equal(
            File.ReadAllText(Path.Combine(KpiProcess.RepositoryRoot, "schemas", name!)),
            File.ReadAllText(Path.Combine(_work.FullName, "schemas", name!))));
        Assert.Equal(File.ReadAllText(Path.Combine(KpiProcess.RepositoryRoot, "docs", "yaml-keys.md")), File.ReadAllText(Path.Combine(_work.FullName, "keys.md")));
    }

    [Fact]
    public void Schema_Kind_PrintsThatSchemaAndRejectsAnUnknownKind()
    {
        var run = KpiProcess.Run(_work.FullName, "schema", "batch");
        var unknown = KpiProcess.Run(_work.FullName, "schema", "clients");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(KpiProcess.RepositoryRoot, "schemas", "batch.schema.json")), run.Output);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
    }
}
