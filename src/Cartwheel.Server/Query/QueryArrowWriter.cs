using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Cartwheel.Warehouse;

namespace Cartwheel.Server.Query;

/// <summary>
/// The Arrow answer: an Arrow IPC stream (schema, record batches of up to <see cref="BatchRows"/> rows, end marker) with
/// Arrow types that keep DuckDB's: integers of the same width, float/double, decimal128(p, s), utf8, bool, date32,
/// time64[us], timestamp[us, UTC] for TIMESTAMP WITH TIME ZONE and timestamp[us] for TIMESTAMP, binary for BLOB; anything
/// else (HUGEINT, UUID, INTERVAL, LIST, STRUCT, MAP…) as utf8 text of <see cref="QueryValues.Text"/>.
/// </summary>
internal static class QueryArrowWriter
{
    public const int BatchRows = 64 * 1024;

    public static async Task WriteAsync(Stream body, QueryResult result, CancellationToken cancellationToken)
    {
        var types = result.Schema.Select(ArrowType).ToList();
        var builder = new Schema.Builder();
        for (var i = 0; i < types.Count; i++)
        {
            builder.Field(new Field(result.Schema[i].Name, types[i], nullable: true));
        }

        var schema = builder.Build();
        using var writer = new ArrowStreamWriter(body, schema, leaveOpen: true);
        await writer.WriteStartAsync(cancellationToken);
        for (var start = 0; start < result.Rows.Count || (start == 0 && result.Rows.Count == 0); start += BatchRows)
        {
            var count = Math.Min(BatchRows, result.Rows.Count - start);
            var arrays = new IArrowArray[types.Count];
            for (var c = 0; c < types.Count; c++)
            {
                arrays[c] = Build(types[c], result.Rows, start, count, c);
            }

            using var batch = new RecordBatch(schema, arrays, count);
            await writer.WriteRecordBatchAsync(batch, cancellationToken);
            if (result.Rows.Count == 0)
            {
                break;
            }
        }

        await writer.WriteEndAsync(cancellationToken);
    }

    /// <summary>The Arrow type of a DuckDB column type.</summary>
    public static IArrowType ArrowType(QueryColumn column) => column.Type switch
    {
        "BOOLEAN" => BooleanType.Default,
        "TINYINT" => Int8Type.Default,
        "SMALLINT" => Int16Type.Default,
        "INTEGER" => Int32Type.Default,
        "BIGINT" => Int64Type.Default,
        "UTINYINT" => UInt8Type.Default,
        "USMALLINT" => UInt16Type.Default,
        "UINTEGER" => UInt32Type.Default,
        "UBIGINT" => UInt64Type.Default,
        "FLOAT" => FloatType.Default,
        "DOUBLE" => DoubleType.Default,
        "DATE" => Date32Type.Default,
        "TIME" => new Time64Type(TimeUnit.Microsecond),
        "TIMESTAMP WITH TIME ZONE" => new TimestampType(TimeUnit.Microsecond, "UTC"),
        "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => new TimestampType(TimeUnit.Microsecond, (string?)null),
        "BLOB" => BinaryType.Default,
        _ when column.Precision is { } precision && column.Scale is { } scale => new Decimal128Type(precision, scale),
        _ => StringType.Default,
    };

    private static IArrowArray Build(IArrowType type, IReadOnlyList<IReadOnlyList<object?>> rows, int start, int count, int column)
    {
        IEnumerable<object?> values = Enumerable.Range(start, count).Select(r => rows[r][column]);
        return type switch
        {
            BooleanType => Fill(new BooleanArray.Builder(), values, (b, v) => b.Append((bool)v), b => b.AppendNull()).Build(),
            Int8Type => Fill(new Int8Array.Builder(), values, (b, v) => b.Append(Convert.ToSByte(v, null)), b => b.AppendNull()).Build(),
            Int16Type => Fill(new Int16Array.Builder(), values, (b, v) => b.Append(Convert.ToInt16(v, null)), b => b.AppendNull()).Build(),
            Int32Type => Fill(new Int32Array.Builder(), values, (b, v) => b.Append(Convert.ToInt32(v, null)), b => b.AppendNull()).Build(),
            Int64Type => Fill(new Int64Array.Builder(), values, (b, v) => b.Append(Convert.ToInt64(v, null)), b => b.AppendNull()).Build(),
            UInt8Type => Fill(new UInt8Array.Builder(), values, (b, v) => b.Append(Convert.ToByte(v, null)), b => b.AppendNull()).Build(),
            UInt16Type => Fill(new UInt16Array.Builder(), values, (b, v) => b.Append(Convert.ToUInt16(v, null)), b => b.AppendNull()).Build(),
            UInt32Type => Fill(new UInt32Array.Builder(), values, (b, v) => b.Append(Convert.ToUInt32(v, null)), b => b.AppendNull()).Build(),
            UInt64Type => Fill(new UInt64Array.Builder(), values, (b, v) => b.Append(Convert.ToUInt64(v, null)), b => b.AppendNull()).Build(),
            FloatType => Fill(new FloatArray.Builder(), values, (b, v) => b.Append(Convert.ToSingle(v, null)), b => b.AppendNull()).Build(),
            DoubleType => Fill(new DoubleArray.Builder(), values, (b, v) => b.Append(Convert.ToDouble(v, null)), b => b.AppendNull()).Build(),
            Date32Type => Fill(new Date32Array.Builder(), values, (b, v) => b.Append(v is DateOnly d ? d : DateOnly.FromDateTime((DateTime)v)), b => b.AppendNull()).Build(),
            Time64Type t => Fill(new Time64Array.Builder(t), values, (b, v) => b.Append((TimeOnly)v), b => b.AppendNull()).Build(),
            TimestampType t => Fill(new TimestampArray.Builder(t), values, (b, v) => b.Append(Utc(v)), b => b.AppendNull()).Build(),
            Decimal128Type t => Fill(new Decimal128Array.Builder(t), values, (b, v) => AppendDecimal(b, v), b => b.AppendNull()).Build(),
            BinaryType => Fill(new BinaryArray.Builder(), values, (b, v) => b.Append(Bytes(v).AsSpan()), b => b.AppendNull()).Build(),
            _ => Fill(new StringArray.Builder(), values, (b, v) => b.Append(QueryValues.Text(v)), b => b.AppendNull()).Build(),
        };
    }

    private static TBuilder Fill<TBuilder>(TBuilder builder, IEnumerable<object?> values, Action<TBuilder, object> append, Action<TBuilder> appendNull)
    {
        foreach (var value in values)
        {
            if (value is null or DBNull)
            {
                appendNull(builder);
            }
            else
            {
                append(builder, value);
            }
        }

        return builder;
    }

    private static DateTimeOffset Utc(object value) => value switch
    {
        DateTimeOffset dto => dto.ToUniversalTime(),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"Not a timestamp: {value.GetType()}"),
    };

    private static void AppendDecimal(Decimal128Array.Builder builder, object value)
    {
        switch (value)
        {
            case decimal m: builder.Append(m); break;
            case BigInteger big: builder.Append(big.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            default: builder.Append(Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    private static byte[] Bytes(object value)
    {
        if (value is byte[] bytes)
        {
            return bytes;
        }

        using var copy = new MemoryStream();
        ((Stream)value).CopyTo(copy);
        return copy.ToArray();
    }
}
