using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Writes minimal .xlsx workbooks for tests, as Excel stores them: a zip of XML parts, text as inline
/// strings, numbers as numbers, <see cref="DateTime"/> values as serial numbers with a date format
/// (style 1, number format 14), which readers hand back as dates. Up to 26 columns (A to Z).
/// </summary>
internal static class XlsxFile
{
    public static void Write(string path, params (string Name, IReadOnlyList<object?[]> Rows)[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            {string.Concat(sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))}
            </Types>
            """);
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
            </Relationships>
            """);
        Part(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheets>{string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>"))}</sheets>
            </workbook>
            """);
        Part(zip, "xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            {string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))}
            <Relationship Id="rId{sheets.Length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
            </Relationships>
            """);
        Part(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>
            <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>
            <cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs>
            </styleSheet>
            """);
        for (var i = 0; i < sheets.Length; i++)
        {
            // Excel writes the used range first; readers take the column count from it.
            var width = sheets[i].Rows.Count == 0 ? 1 : sheets[i].Rows.Max(r => r.Length);
            var rows = new StringBuilder();
            for (var r = 0; r < sheets[i].Rows.Count; r++)
            {
                rows.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
                for (var c = 0; c < sheets[i].Rows[r].Length; c++)
                {
                    rows.Append(Cell($"{(char)('A' + c)}{r + 1}", sheets[i].Rows[r][c]));
                }

                rows.Append("</row>");
            }

            Part(zip, $"xl/worksheets/sheet{i + 1}.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{(char)('A' + Math.Max(0, width - 1))}{Math.Max(1, sheets[i].Rows.Count)}"/><sheetData>{rows}</sheetData></worksheet>
                """);
        }
    }

    private static string Cell(string reference, object? value) => value switch
    {
        null => string.Empty,
        string text => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(text)}</t></is></c>",
        DateTime date => $"<c r=\"{reference}\" s=\"1\"><v>{date.ToOADate().ToString("R", CultureInfo.InvariantCulture)}</v></c>",
        bool flag => $"<c r=\"{reference}\" t=\"b\"><v>{(flag ? 1 : 0)}</v></c>",
        _ => $"<c r=\"{reference}\"><v>{Convert.ToString(value, CultureInfo.InvariantCulture)}</v></c>",
    };

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(xml.Trim());
    }
}
