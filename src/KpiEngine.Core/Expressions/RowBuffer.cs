namespace KpiEngine.Expressions;

/// <summary>
/// One row of a dataset, reused from row to row while scanning. Numbers, dates (days since
/// 0001-01-01 with fraction) and booleans (1/0) live in <see cref="Numbers"/>; text in
/// <see cref="Texts"/>; both indexed by <see cref="ColumnSchema.Slot"/>. A missing value is
/// <see cref="double.NaN"/> or null. Only the slots a run needs are filled.
/// </summary>
public sealed class RowBuffer
{
    /// <summary>Creates a buffer for a schema of the given width.</summary>
    public RowBuffer(int width)
    {
        Numbers = new double[width];
        Texts = new string?[width];
    }

    /// <summary>Numeric slots.</summary>
    public double[] Numbers { get; }

    /// <summary>Text slots.</summary>
    public string?[] Texts { get; }

    /// <summary>The 1-based record number in the source file (header excluded), for error messages.</summary>
    public long RecordNumber { get; set; }

    /// <summary>The 1-based line in the source file where the record starts.</summary>
    public long Line { get; set; }

    /// <summary>
    /// Orders the records of one file: grows from record to record and is the same whether the file is
    /// read in one pass or in byte ranges (a CSV record's end offset, elsewhere the record number).
    /// FirstBy/LastBy break ties with it, whatever order their partial results are merged in.
    /// </summary>
    internal long Position { get; set; }

    /// <summary>Marks every slot missing.</summary>
    public void Clear()
    {
        Array.Fill(Numbers, double.NaN);
        Array.Clear(Texts);
    }
}
