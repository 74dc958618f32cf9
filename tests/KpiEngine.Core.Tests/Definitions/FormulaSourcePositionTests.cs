using KpiEngine.Definitions;
using static KpiEngine.Tests.Definitions.DefinitionFiles;

namespace KpiEngine.Tests.Definitions;

public class FormulaSourcePositionTests
{
    private static readonly string[] Lines = File.ReadAllLines(Root + "formulas.yaml");

    private static FormulaSource Formula(string id) =>
        Catalog("formulas.yaml").Value!.Kpis.Single(k => k.Id == id).Formula!;

    [Theory]
    [InlineData("plain", 14, 4)] // formula: Sum([total]) / Count() -> text starts at the S in column 14
    [InlineData("single", 15, 11)] // formula: '[orders] / [visits]' -> after the quote in column 14
    [InlineData("double", 15, 12)] // formula: "[revenue] / [orders]"
    public void Locate_OffsetInsideFormula_LandsOnThatCharacterInTheFile(string id, int textColumn, int offset)
    {
        var formula = Formula(id);

        Assert.Equal(textColumn, formula.TextColumn);
        var at = formula.Locate(offset);
        Assert.Equal(Root + "formulas.yaml", at.File);
        Assert.Equal(formula.Text[offset], Lines[at.Line - 1][at.Column - 1]);
        Assert.Equal('[', formula.Text[offset]);
    }

    [Fact]
    public void Locate_QuotedFormulaWithEscapes_FallsBackToTheWholeScalar()
    {
        var formula = Formula("escaped");

        Assert.Equal("[status] == \"paid\"", formula.Text);
        Assert.Equal(0, formula.TextColumn);
        Assert.Equal(formula.Span, formula.Locate(3));
        Assert.Equal((17, 14), (formula.Span.Line, formula.Span.Column));
    }

    [Fact]
    public void Locate_OneLineBlockScalar_MapsToItsContentLine()
    {
        var formula = Formula("block");

        Assert.Equal("[revenue] / [orders]", formula.Text);
        // Content is on line 22, indented 6 spaces.
        Assert.Equal((22, 7), (formula.TextLine, formula.TextColumn));
        var at = formula.Locate(12);
        Assert.Equal('[', Lines[at.Line - 1][at.Column - 1]);
    }
}
