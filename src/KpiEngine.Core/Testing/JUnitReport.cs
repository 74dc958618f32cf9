using System.Globalization;
using System.Text;
using System.Xml;
using KpiEngine.Definitions;

namespace KpiEngine.Testing;

/// <summary>
/// Writes test outcomes as JUnit XML, the report CI systems read: one <c>testsuite</c> per test
/// file, one <c>testcase</c> per test, a <c>failure</c> holding every diagnostic of a failed test.
/// </summary>
public static class JUnitReport
{
    /// <summary>Writes <paramref name="outcomes"/> as JUnit XML to <paramref name="stream"/>, file names relative to <paramref name="relativeTo"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<KpiTestOutcome> outcomes, string relativeTo)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        Counts(xml, outcomes);
        foreach (var suite in outcomes.GroupBy(o => o.Suite.TestFile, StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(relativeTo, suite.Key);
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", name);
            Counts(xml, [.. suite]);
            foreach (var outcome in suite)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", name);
                xml.WriteAttributeString("name", outcome.Test.Name);
                xml.WriteAttributeString("file", name);
                xml.WriteAttributeString("line", outcome.Test.Span.Line.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("time", Seconds(outcome.Duration));
                if (!outcome.Passed)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", outcome.Failures[0].Message);
                    xml.WriteAttributeString("type", outcome.Failures[0].Id);
                    xml.WriteString(string.Join('\n', outcome.Failures.Select(f => Printable(f.ToString()))));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Counts(XmlWriter xml, IReadOnlyList<KpiTestOutcome> outcomes)
    {
        xml.WriteAttributeString("tests", outcomes.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", outcomes.Count(o => !o.Passed).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(outcomes.Sum(o => o.Duration.Ticks))));
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold most control characters, even escaped; data in messages may carry them.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => c is '\n' or '\t' || !char.IsControl(c) ? c : '?'));
}
