using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cartwheel.Lake.Parquet;

namespace Cartwheel.Warehouse.NativeGold;

/// <summary>
/// The hand-over of a <see cref="SessionFold"/>'s sessions to DuckDB: a Parquet file of our writer (measured against
/// the appender into a temp table: equal CPU in all, fewer .NET strings; docs/benchmarks.md), read by temp view <c>cw_sessions</c> (<see cref="ViewSql"/>) with the reference path's
/// columns: the values go from the fold's byte arrays to the pages without .NET strings. The event types are one text
/// joined by commas (no type holds one) and the three flags one bit set, turned back into a list and booleans by the view.
/// </summary>
internal static class SessionsFile
{
    public const string CreatedBy = "Cartwheel sessions hand-over";

    private const int RowGroupRows = 64 * 1024;

    private static readonly IReadOnlyList<ParquetColumn> Columns =
    [
        new("session_id", ParquetColumnType.String, Dictionary: false),
        new("session_start", ParquetColumnType.TimestampUtc, Dictionary: false),
        new("session_end", ParquetColumnType.TimestampUtc, Dictionary: false),
        new("total_events", ParquetColumnType.Int64, Dictionary: false),
        new("product_views", ParquetColumnType.Int64, Dictionary: false),
        new("flags", ParquetColumnType.Int64, Dictionary: false),
        new("user_id", ParquetColumnType.String, Dictionary: false),
        new("event_types", ParquetColumnType.String, Dictionary: false),
        new("device", ParquetColumnType.String, Dictionary: false),
        new("country", ParquetColumnType.String, Dictionary: false),
        new("utm_source", ParquetColumnType.String, Dictionary: false),
        new("utm_medium", ParquetColumnType.String, Dictionary: false),
        new("utm_campaign", ParquetColumnType.String, Dictionary: false),
        new("referrer", ParquetColumnType.String, Dictionary: false),
        new("user_key", ParquetColumnType.Int64, Dictionary: false),
        new("processing_timestamp", ParquetColumnType.TimestampUtc, Dictionary: false),
    ];

    /// <summary>The view over a written file, with the columns and types of <c>sql/gold/_fact_sessions_events.sql</c>'s table.</summary>
    public static string ViewSql(string path) =>
        "CREATE OR REPLACE TEMP VIEW cw_sessions AS SELECT session_id, session_start, session_end, total_events, product_views, " +
        "flags & 1 <> 0 AS has_add_to_cart, flags & 2 <> 0 AS has_checkout, flags & 4 <> 0 AS has_purchase, user_id, " +
        "string_split(event_types, ',') AS event_types, device, country, utm_source, utm_medium, utm_campaign, referrer, user_key, " +
        $"processing_timestamp FROM read_parquet({Warehouse.Literal(path)})";

    /// <summary>
    /// Writes the fold's included sessions to <paramref name="path"/>; false when the fold could not order a session
    /// exactly or a session's dim_user join would not give one row (the SQL path then builds the range).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Write(string path, Warehouse warehouse, SessionFold fold, Action<string>? phase = null)
    {
        if (!fold.Finish())
        {
            return false;
        }

        var lookups = SessionLookups.Read(warehouse);
        phase?.Invoke("lookups");
        using var zstd = new ZstdCompressor(1);
        using var file = new ParquetFileWriter(path, Columns, zstd, createdBy: CreatedBy);
        var pages = Columns.Select(_ => new PageBuilder()).ToArray();
        var types = new List<byte>();
        var rows = 0;
        try
        {
            for (var s = 0; s < fold.Count; s++)
            {
                if (!fold.Included(s))
                {
                    continue;
                }

                if (!lookups.TryUserKey(fold.UserOf(s), fold.Start(s), out var userKey))
                {
                    return false;
                }

                pages[0].AppendBytes(fold.SessionIdBytes(s));
                pages[1].AppendInt64(fold.Start(s));
                pages[2].AppendInt64(fold.End(s));
                pages[3].AppendInt64(fold.Events(s));
                pages[4].AppendInt64(fold.ProductViews(s));
                pages[5].AppendInt64((fold.HasAddToCart(s) ? 1 : 0) | (fold.HasCheckout(s) ? 2 : 0) | (fold.HasPurchase(s) ? 4 : 0));
                Text(pages[6], fold.AttributeBytes(s, 1, out var isNull), isNull);
                fold.TypesText(s, types);
                pages[7].AppendBytes(CollectionsMarshal.AsSpan(types));
                for (var field = 2; field <= 7; field++)
                {
                    Text(pages[6 + field], fold.AttributeBytes(s, field, out isNull), isNull);
                }

                Int64(pages[14], userKey);
                Int64(pages[15], lookups.BuiltAt(fold.Day(s)));
                if (++rows == RowGroupRows)
                {
                    EndRowGroup(file, pages, ref rows);
                }
            }

            if (rows > 0)
            {
                EndRowGroup(file, pages, ref rows);
            }

            file.Finish(null);
        }
        finally
        {
            foreach (var page in pages)
            {
                page.Release();
            }
        }

        phase?.Invoke("append");
        return true;
    }

    private static void Text(PageBuilder page, ReadOnlySpan<byte> value, bool isNull)
    {
        if (isNull)
        {
            page.AppendNull();
        }
        else
        {
            page.AppendBytes(value);
        }
    }

    private static void Int64(PageBuilder page, long? value)
    {
        if (value is { } v)
        {
            page.AppendInt64(v);
        }
        else
        {
            page.AppendNull();
        }
    }

    private static void EndRowGroup(ParquetFileWriter file, PageBuilder[] pages, ref int rows)
    {
        for (var c = 0; c < pages.Length; c++)
        {
            file.AddPage(c, pages[c].Seal());
        }

        file.EndRowGroup(rows, new (long, long)?[pages.Length]);
        rows = 0;
    }
}
