using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// What a test needs to know of a PDF that Chromium printed: its pages (in order, with their heights) and where each
/// named destination lies. Chromium writes a named destination for every element an internal link (<c>href="#id"</c>)
/// points at, as <c>/id [page 0 R /XYZ x y 0]</c> in the document's <c>/Dests</c> dictionary, with y the element's
/// top in points from the bottom of the page; page, page-tree and destination objects are plain text in its output
/// (only content streams are compressed), so a few regular expressions read them.
/// </summary>
internal sealed partial record PrintedPdf(IReadOnlyList<double> PageHeights, IReadOnlyDictionary<string, PdfPlace> Destinations)
{
    public static PrintedPdf Read(byte[] bytes)
    {
        // Latin-1 maps every byte to one char, so binary stream data cannot break the text around it.
        var text = Encoding.Latin1.GetString(bytes);
        var objects = ObjectPattern().Matches(text).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        var root = objects.Single(o => o.Value.Contains("/Type /Pages", StringComparison.Ordinal) && !o.Value.Contains("/Parent", StringComparison.Ordinal)).Key;
        var pages = new List<int>();
        void Walk(int node)
        {
            if (!objects[node].Contains("/Type /Pages", StringComparison.Ordinal))
            {
                pages.Add(node);
                return;
            }

            var kids = KidsPattern().Match(objects[node]).Groups[1].Value;
            foreach (Match kid in ReferencePattern().Matches(kids))
            {
                Walk(int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        Walk(root);
        var heights = pages.Select(p => MediaBoxPattern().Match(objects[p]) is { Success: true } box
            ? double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"page object {p} has no MediaBox")).ToList();
        var destinations = new Dictionary<string, PdfPlace>(StringComparer.Ordinal);
        foreach (Match destination in DestinationPattern().Matches(text))
        {
            var page = pages.IndexOf(int.Parse(destination.Groups[2].Value, CultureInfo.InvariantCulture));
            var y = double.Parse(destination.Groups[3].Value, CultureInfo.InvariantCulture);
            var name = HexEscape().Replace(destination.Groups[1].Value, m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
            destinations[name] = new PdfPlace(page + 1, heights[page] - y);
        }

        return new PrintedPdf(heights, destinations);
    }

    [GeneratedRegex(@"(\d+) 0 obj\s*(.*?)endobj", RegexOptions.Singleline)]
    private static partial Regex ObjectPattern();

    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex KidsPattern();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"/MediaBox\s*\[\s*[-\d.]+\s+([-\d.]+)\s+[-\d.]+\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBoxPattern();

    [GeneratedRegex(@"/([^\s/\[\]<>()]+)\s*\[(\d+) 0 R /XYZ [-\d.]+ ([-\d.]+)")]
    private static partial Regex DestinationPattern();

    [GeneratedRegex("#([0-9A-Fa-f]{2})")]
    private static partial Regex HexEscape();
}

/// <summary>Where a named destination lies: its page (1-based) and its distance from the top of the page, in points.</summary>
internal sealed record PdfPlace(int Page, double Top);
