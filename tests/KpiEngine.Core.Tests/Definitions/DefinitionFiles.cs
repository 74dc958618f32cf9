using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Tests.Definitions;

/// <summary>Paths of the golden files and small assertions shared by the definition tests.</summary>
internal static class DefinitionFiles
{
    public const string Root = "TestData/Definitions/";

    public static LoadResult<KpiCatalog> Catalog(string name) => new KpiSetLoader().LoadCatalog(Root + name);

    public static LoadResult<KpiSet> Client(string name) => new KpiSetLoader().LoadClient(Root + name);

    /// <summary>The one diagnostic with the id, asserted to be at file(line,col).</summary>
    public static Diagnostic Single(IReadOnlyList<Diagnostic> diagnostics, string id, string file, int line, int column)
    {
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(Environment.NewLine, diagnostics)}");
        var span = Assert.NotNull(matching[0].Span);
        Assert.Equal(Root + file, span.File);
        Assert.Equal((line, column), (span.Line, span.Column));
        return matching[0];
    }

    /// <summary>The diagnostic with the id at the given line (several of one id in a file).</summary>
    public static Diagnostic At(IReadOnlyList<Diagnostic> diagnostics, string id, int line, int column)
    {
        var found = diagnostics.SingleOrDefault(d => d.Id == id && d.Span?.Line == line);
        Assert.True(found is not null, $"expected {id} at line {line}, got: {string.Join(Environment.NewLine, diagnostics)}");
        Assert.Equal(column, found.Span!.Value.Column);
        return found;
    }
}
