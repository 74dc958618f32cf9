using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>One cell: its text as shown (to measure) and the markup that shows it (colour, escaping).</summary>
internal readonly record struct FittedCell(string Plain, string Markup)
{
    /// <summary>A cell without colour: its markup is the escaped text.</summary>
    public static FittedCell Text(string plain) => new(plain, TerminalText.Markup(plain));
}

/// <summary>
/// A console table that fits the terminal without ever breaking a value: value columns (numbers,
/// periods, units) keep their full width on one line; text columns (names, descriptions) take the
/// rest and wrap. When even the narrowest text columns and every value column do not fit, value
/// columns are dropped in the caller's order and the caller says so, because a number cut across two
/// lines (<c>15,06</c> / <c>0.83</c>) reads as two wrong numbers. Spectre's own layout would shrink every
/// column, numbers included, so the widths are decided here.
/// </summary>
internal sealed class FittedTable
{
    /// <summary>The narrowest a wrapping text column is made (its header and short names stay whole).</summary>
    private const int MinTextWidth = 10;

    /// <summary>Words up to this long (<c>(avg_delivery_time)</c>) are kept whole in a text column; longer ones may be split.</summary>
    private const int MaxWholeWord = 24;

    private readonly List<(string Header, bool IsValue)> _columns = [];
    private readonly List<FittedCell[]> _rows = [];

    /// <summary>Adds a column; value columns never wrap and are right-aligned.</summary>
    public FittedTable Column(string header, bool isValue)
    {
        _columns.Add((header, isValue));
        return this;
    }

    public void Row(params FittedCell[] cells) => _rows.Add(cells);

    /// <summary>
    /// Builds the table for a console <paramref name="width"/> columns wide, dropping value columns in
    /// <paramref name="dropOrder"/> (column indices) until it fits; returns the table and the columns dropped.
    /// </summary>
    public (Table Table, IReadOnlyList<int> Dropped) Build(int width, IEnumerable<int> dropOrder)
    {
        var natural = _columns.Select((c, i) => Math.Max(Length(c.Header), _rows.Count == 0 ? 0 : _rows.Max(r => LongestLine(r[i].Plain)))).ToArray();
        var minimum = _columns.Select((c, i) => c.IsValue ? natural[i] : Math.Min(natural[i], Math.Max(MinTextWidth, Math.Min(MaxWholeWord, LongestWord(c.Header, _rows.Select(r => r[i].Plain)))))).ToArray();
        var kept = Enumerable.Range(0, _columns.Count).ToList();
        var dropped = new List<int>();

        // Rounded borders: one line before each column and one after the last, one space padding each side.
        int Needed(IEnumerable<int> columns, int[] widths) => columns.Sum(i => widths[i] + 3) + 1;
        using (var order = dropOrder.GetEnumerator())
        {
            while (Needed(kept, minimum) > width && order.MoveNext())
            {
                if (kept.Remove(order.Current))
                {
                    dropped.Add(order.Current);
                }
            }
        }

        // Spare room goes to the text columns in proportion to what each lacks to show on one line.
        var widths = (int[])minimum.Clone();
        var spare = Math.Max(0, width - Needed(kept, widths));
        var texts = kept.Where(i => !_columns[i].IsValue).ToList();
        var lacking = texts.Sum(i => natural[i] - minimum[i]);
        foreach (var i in texts)
        {
            widths[i] += lacking <= spare ? natural[i] - minimum[i] : (int)((long)spare * (natural[i] - minimum[i]) / Math.Max(1, lacking));
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var i in kept)
        {
            var column = new TableColumn(TerminalText.Markup(_columns[i].Header)) { Width = widths[i], NoWrap = _columns[i].IsValue };
            table.AddColumn(_columns[i].IsValue ? column.RightAligned() : column);
        }

        foreach (var row in _rows)
        {
            table.AddRow([.. kept.Select(i => row[i].Markup)]);
        }

        return (table, dropped);
    }

    /// <summary>
    /// Writes the table fitted to <paramref name="console"/>, dropping value columns in <paramref name="dropOrder"/>
    /// when it must, and says how many it left out and where to see them (<paramref name="elsewhere"/>).
    /// </summary>
    public void Write(IAnsiConsole console, IEnumerable<int> dropOrder, string elsewhere = "widen the terminal or set COLUMNS")
    {
        var (table, dropped) = Build(WidthOf(console), dropOrder);
        console.Write(table);
        if (dropped.Count > 0)
        {
            console.MarkupLine($"[grey]The console is {WidthOf(console)} columns wide: {dropped.Count} column(s) left out rather than cut; {TerminalText.Markup(elsewhere)}.[/]");
        }
    }

    /// <summary>The width of a console as the table sees it: Spectre's, which <see cref="CliContext"/> sets from COLUMNS or the terminal.</summary>
    public static int WidthOf(IAnsiConsole console) => console.Profile.Width;

    private static int Length(string text) => text.Length;

    private static int LongestLine(string text) => text.Split('\n').Max(l => l.Length);

    private static int LongestWord(string header, IEnumerable<string> cells) =>
        cells.Prepend(header).SelectMany(c => c.Split((char[])[' ', '\n'])).Max(w => w.Length);
}
