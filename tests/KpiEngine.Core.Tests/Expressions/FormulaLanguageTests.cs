using KpiEngine.Expressions;

namespace KpiEngine.Core.Tests.Expressions;

public sealed class FormulaLanguageTests
{
    [Fact]
    public void Functions_EveryCatalogFunction_HasASignatureDescriptionAndExample()
    {
        var functions = FormulaLanguage.Functions;

        Assert.Equal(FunctionCatalog.All.Count, functions.Count);
        Assert.All(functions, f =>
        {
            Assert.StartsWith(f.Name + "(", f.Signature, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            Assert.Contains(f.Name + "(", f.Example, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains(functions, f => f.Signature == "SumIf(value, condition)" && f.Kind == "aggregate");
        Assert.Contains(functions, f => f.Signature == "Min(a, b)" && f.Kind == "row, period");
        Assert.Contains(functions, f => f.Signature == "Year(date)" && f.Kind == "row");
        Assert.Contains(functions, f => f.Signature == "YTD(value)" && f.Kind == "period");
    }

    [Fact]
    public void ReferencedNames_AreTheNamesOutsideAggregatesInOrder()
    {
        Assert.Equal(["revenue", "orders", "gross_margin"], FormulaLanguage.ReferencedNames("Growth([revenue]) / [orders] * [gross_margin] + Sum([total]) * [revenue]"));
    }

    [Fact]
    public void ReferencedNames_OfAFormulaThatDoesNotParse_IsEmpty()
    {
        Assert.Empty(FormulaLanguage.ReferencedNames("[a] +"));
    }
}
