using System.Text;
using KpiEngine.Datasets;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>The numbers a grouped scan gives a dimension's texts: one per distinct text, whatever its length.</summary>
public sealed class TextIdsTests
{
    [Fact]
    public void TryGet_TextsOfEveryLengthDifferingInAnyOneByte_GetOneNumberEach()
    {
        // For every length from 0 to 40 bytes: the text of that many 'a's, and each text with one byte changed to 'b'
        // (so texts of 9 to 15 bytes differ where their first and last eight bytes overlap, and texts of 5 to 7 where
        // their first and last four do): 41 + (1 + 2 + ... + 40) = 861 distinct texts.
        var texts = new List<string>();
        for (var length = 0; length <= 40; length++)
        {
            texts.Add(new string('a', length));
            for (var at = 0; at < length; at++)
            {
                texts.Add(new string('a', at) + "b" + new string('a', length - at - 1));
            }
        }

        var ids = new TextIds();
        var numbers = texts.Select(t => Get(ids, t)).ToList();

        Assert.Equal(861, texts.Count);
        Assert.Equal(Enumerable.Range(0, 861), numbers); // numbered in the order first met, none taken for another
        Assert.Equal(861, ids.Count);

        // Met again (in another order, after the table grew), each text keeps its number and decodes to itself.
        foreach (var (text, number) in texts.Zip(numbers).Reverse())
        {
            Assert.Equal(number, Get(ids, text));
            Assert.Equal(text, ids.Text(number));
        }

        Assert.Equal(861, ids.Count);
    }

    [Fact]
    public void TryGet_TextsThatAreNotUtf8_AreRefusedAndNotNumbered()
    {
        var ids = new TextIds();

        Assert.False(ids.TryGet([0xC3, 0x28], out _)); // a lead byte followed by no continuation byte
        Assert.False(ids.TryGet([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0xFF], out _));
        Assert.Equal(0, ids.Count);
        Assert.Equal(0, Get(ids, "Zürich")); // multi-byte UTF-8 is a text like any other
        Assert.Equal("Zürich", ids.Text(0));
    }

    private static int Get(TextIds ids, string text)
    {
        Assert.True(ids.TryGet(Encoding.UTF8.GetBytes(text), out var id), text);
        return id;
    }
}
