using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

public sealed class CohortSheetNameTests
{
    [Fact]
    public void CohortSheetName_LongIds_AreCutTo31AndKeptApart()
    {
        var taken = new HashSet<string>(["Values"], StringComparer.OrdinalIgnoreCase);
        var id = new string('r', 40);

        var first = XlsxReportWriter.CohortSheetName(id, taken);
        var second = XlsxReportWriter.CohortSheetName(id + "_other", taken);

        // "Cohort " is 7 characters, so 24 of the id fit Excel's 31.
        Assert.Equal("Cohort " + new string('r', 24), first);
        Assert.Equal("Cohort " + new string('r', 22) + "~2", second);
    }

    [Fact]
    public void CohortSheetName_CharactersExcelRefuses_AreLeftOut()
    {
        var name = XlsxReportWriter.CohortSheetName("a:b/c[d]", new HashSet<string>(StringComparer.OrdinalIgnoreCase));

        Assert.Equal("Cohort abcd", name);
    }
}
