using KpiEngine.Definitions;
using Parquet;
using Parquet.Schema;

namespace KpiEngine.Datasets;

/// <summary>
/// Reads a Parquet file through Parquet.Net: its columns with the types the file declares, and its
/// rows one row group at a time, only the needed columns of one group in memory at once.
/// </summary>
internal static class ParquetColumns
{
    /// <summary>True for the exceptions a file that is not Parquet, is cut short or holds a column of a type not read throws.</summary>
    public static bool IsUnreadable(Exception e) =>
        e is ParquetException or IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException or IndexOutOfRangeException;

    /// <summary>The top-level flat columns of the file and their engine types, in file order.</summary>
    public static List<(string Name, ColumnType Type)> Schema(Stream stream) =>
        // Parquet.Net reads asynchronously only; the scans are synchronous, on threads without a synchronization context.
        SchemaAsync(stream).GetAwaiter().GetResult();

    /// <summary>
    /// Calls <paramref name="onRow"/> for every row with the values of <paramref name="columns"/>
    /// (null when missing) and the row's number from 1, row group by row group.
    /// </summary>
    public static void Rows(Stream stream, IReadOnlyList<string> columns, Action<long, object?[]> onRow, CancellationToken cancellationToken) =>
        RowsAsync(stream, columns, onRow, cancellationToken).GetAwaiter().GetResult();

    private static async Task<List<(string Name, ColumnType Type)>> SchemaAsync(Stream stream)
    {
        await using var reader = await Open(stream, CancellationToken.None);
        return [.. Fields(reader).Select(f => (f.Name, TypeOf(f)))];
    }

    private static async Task RowsAsync(Stream stream, IReadOnlyList<string> columns, Action<long, object?[]> onRow, CancellationToken cancellationToken)
    {
        await using var reader = await Open(stream, cancellationToken);
        var fields = Fields(reader).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var selected = columns.Select(c => fields[c]).ToArray();
        var values = new object?[selected.Length];
        long number = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = checked((int)rowGroup.RowCount);
            var data = new object?[selected.Length][];
            for (var i = 0; i < selected.Length; i++)
            {
                data[i] = await Read(rowGroup, selected[i], count, cancellationToken);
            }

            for (var row = 0; row < count; row++)
            {
                for (var i = 0; i < data.Length; i++)
                {
                    values[i] = data[i][row];
                }

                onRow(++number, values);
            }
        }
    }

    private static Task<ParquetReader> Open(Stream stream, CancellationToken cancellationToken) =>
        // Dates stay dates (DateOnly) instead of midnight DateTimes, so a DATE column is a date column.
        ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true }, leaveStreamOpen: true, cancellationToken);

    /// <summary>The columns a row has one value of: nested, repeated (list) and map fields are left out.</summary>
    private static IEnumerable<DataField> Fields(ParquetReader reader) =>
        reader.Schema.Fields.OfType<DataField>().Where(f => !f.IsArray);

    private static async Task<object?[]> Read(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        // Parquet.Net 6 gives UTF-8 string columns the type ReadOnlyMemory<char>; its string overload reads them as strings.
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string[count];
            await group.ReadAsync(field, text, null, cancellationToken);
            return text;
        }

        return await (type == typeof(double) ? Values<double>(group, field, count, cancellationToken)
            : type == typeof(float) ? Values<float>(group, field, count, cancellationToken)
            : type == typeof(decimal) ? Values<decimal>(group, field, count, cancellationToken)
            : type == typeof(long) ? Values<long>(group, field, count, cancellationToken)
            : type == typeof(int) ? Values<int>(group, field, count, cancellationToken)
            : type == typeof(short) ? Values<short>(group, field, count, cancellationToken)
            : type == typeof(sbyte) ? Values<sbyte>(group, field, count, cancellationToken)
            : type == typeof(ulong) ? Values<ulong>(group, field, count, cancellationToken)
            : type == typeof(uint) ? Values<uint>(group, field, count, cancellationToken)
            : type == typeof(ushort) ? Values<ushort>(group, field, count, cancellationToken)
            : type == typeof(byte) ? Values<byte>(group, field, count, cancellationToken)
            : type == typeof(bool) ? Values<bool>(group, field, count, cancellationToken)
            : type == typeof(DateTime) ? Values<DateTime>(group, field, count, cancellationToken)
            : type == typeof(DateOnly) ? Values<DateOnly>(group, field, count, cancellationToken)
            : throw new NotSupportedException($"column '{field.Name}' holds {Describe(type)} values, which are not read; leave it out of the KPIs or convert it to text, a number or a date"));
    }

    /// <summary>A column's value type as a data engineer names it.</summary>
    private static string Describe(Type type) =>
        type == typeof(ReadOnlyMemory<byte>) || type == typeof(byte[]) ? "binary (byte array)"
        : type == typeof(TimeSpan) ? "time-of-day or interval"
        : type == typeof(DateTimeOffset) ? "timestamp-with-offset"
        : type == typeof(Guid) ? "UUID"
        : type.Name;

    private static async Task<object?[]> Values<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[count];
            await group.ReadAsync<T>(field, nullable, null, cancellationToken);
            return Array.ConvertAll(nullable, v => (object?)v);
        }

        var values = new T[count];
        await group.ReadAsync<T>(field, values, null, cancellationToken);
        return Array.ConvertAll(values, v => (object?)v);
    }

    private static ColumnType TypeOf(DataField field)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        return type == typeof(DateTime) || type == typeof(DateTimeOffset) ? ColumnType.DateTime
            : type == typeof(DateOnly) ? ColumnType.Date
            : type == typeof(bool) ? ColumnType.Boolean
            : type == typeof(string) || !type.IsPrimitive && type != typeof(decimal) ? ColumnType.Text
            : ColumnType.Number;
    }
}
