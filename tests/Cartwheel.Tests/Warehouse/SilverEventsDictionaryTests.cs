using System.Globalization;
using System.Text;
using Cartwheel.Lake.Parquet;
using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// Silver events' per-row-group dictionary columns (<see cref="DictionaryPageBuilder"/>): NULLs, thousands of values
/// (indices of more than 8 bits), a column that falls back to PLAIN part-way through a row group, a column NULL
/// throughout a row group, three row groups — read back row by row by DuckDB and by <see cref="BronzeFileReader"/>
/// and compared with the values the records were made of.
/// </summary>
public sealed class SilverEventsDictionaryTests : IDisposable
{
    private const long Ingested = 1_709_546_400_000_000; // 2024-03-04T10:00:00Z
    private const int Rows = 150_000;

    /// <summary>Small enough that user_id's ~50,000 values of ~28 bytes fall back in every row group, and product_id's 20,000 do not.</summary>
    private const int MaxDictionaryBytes = 256 * 1024;

    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cw-silver-dictionary-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Write_DictionaryColumnsWithNullsFallbackAndRowGroups_ReadBackRowByRow()
    {
        var path = Path.Combine(_directory, "events.parquet");
        var parser = new EventPayloadParser();
        var chunk = new EventsChunk(EventsChunk.DefaultCapacity);
        using (var writer = new SilverEventsWriter(path, MaxDictionaryBytes))
        {
            for (var i = 0; i < Rows; i++)
            {
                var (user, product, page, device, country) = Values(i);
                var payload = Encoding.UTF8.GetBytes(Payload(i, user, product, page, device, country));
                parser.Parse(payload, Ingested).ShouldBe(EventParse.Accepted);
                chunk.Add(parser, payload, Ingested, "/in/a.jsonl"u8.ToArray(), i);
                if (chunk.IsFull || i == Rows - 1)
                {
                    writer.AppendRows(chunk, 0, chunk.Count);
                    chunk.Reset();
                }
            }

            writer.Finish();
        }

        var expected = Enumerable.Range(0, Rows).Select(Expected).ToList();
        using var db = Cartwheel.Warehouse.Warehouse.Open(new DataDirectory(Path.Combine(_directory, "db")));
        db.Scalar<long>($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{path}')").ShouldBe(3);
        // Every row group has its dictionary page where a value is defined (country is NULL throughout the first, referrer everywhere).
        db.Strings($"SELECT path_in_schema || ' ' || count(dictionary_page_offset) FROM parquet_metadata('{path}') WHERE path_in_schema IN ('user_id', 'product_id', 'country', 'referrer') GROUP BY path_in_schema ORDER BY 1")
            .ShouldBe(["country 2", "product_id 3", "referrer 0", "user_id 3"]);
        db.Strings($"""
            SELECT concat_ws('|', event_id, coalesce(user_id, 'NULL'), coalesce(product_id, 'NULL'), coalesce(page_url, 'NULL'),
                coalesce(referrer, 'NULL'), coalesce(utm_medium, 'NULL'), coalesce(device, 'NULL'), coalesce(country, 'NULL'), line_number)
            FROM read_parquet('{path}') ORDER BY line_number
            """).ShouldBe(expected);

        using var zstd = new ZstdDecompressor();
        using var reader = BronzeFileReader.Open(path, zstd, SilverEventsWriter.CreatedBy, SilverEventsWriter.Columns);
        int[] columns = [0, 2, 5, 6, 7, 9, 11, 13, 22];
        var decoded = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var values = columns.Select(c => reader.ReadColumn(g, c)).ToList();
            for (var r = 0; r < reader.RowGroupRows(g); r++)
            {
                decoded.Add(string.Join("|", values.Select((v, k) => v.Nulls[r] ? "NULL"
                    : columns[k] == 22 ? v.Int64[r].ToString(CultureInfo.InvariantCulture) : Encoding.UTF8.GetString(v.Bytes(r)))));
            }

            reader.Release();
        }

        decoded.ShouldBe(expected);
    }

    [Fact]
    public void AppendPlain_DictionaryPageWouldPassItsLimit_StopsAtThatValue()
    {
        // Entries of 4 + 6 bytes: 100 fit in 1,000 bytes, so the 101st distinct value is refused; repeats and NULLs still go in before it.
        var builder = new DictionaryPageBuilder(1_000);
        var (plain, ends) = PlainRun([.. Enumerable.Range(0, 150).Select(i => i % 10 == 9 ? null : $"v{i % 120:D5}")]);
        var taken = builder.AppendPlain(plain, ends);
        // Values 0..119 distinct by i % 120 except the NULL ninths: the first 100 distinct non-NULL values are i in 0..110 without 9, 19, …, 109.
        taken.ShouldBe(111);
        builder.IsFull.ShouldBeTrue();
        builder.Values.ShouldBe(111);
        builder.AppendPlain(plain, ends).ShouldBe(0);
        var part = builder.TakePart();
        (part.Entries, part.IndexCount, part.Nulls, part.DictionaryLength).ShouldBe((100, 100, 11, 1_000));
        builder.Release();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>
    /// Row i's user (one of ~50,000, NULL every seventh), product (one of 20,000, NULL every third), page (one of 300),
    /// device (one of three, NULL every fifth) and country (NULL in the whole first row group, then one of 40).
    /// </summary>
    private static (string? User, string? Product, string Page, string? Device, string? Country) Values(int i) =>
        (i % 7 == 0 ? null : $"user-{i * 7919 % 50_000:D6}-abcdefghijklmnop",
            i % 3 == 0 ? null : $"p{i * 31 % 20_000}",
            $"/p/{i % 300}",
            i % 5 == 0 ? null : Devices[i % 3],
            i < 70_000 ? null : $"C{i % 40}");

    private static string Expected(int i)
    {
        var (user, product, page, device, country) = Values(i);
        return string.Join("|", $"e{i}", user ?? "NULL", product ?? "NULL", page, "NULL", "cpc", device ?? "NULL", country ?? "NULL", i.ToString(CultureInfo.InvariantCulture));
    }

    private static string Payload(int i, string? user, string? product, string page, string? device, string? country) =>
        $$"""{"event_id":"e{{i}}","session_id":"s{{i % 997}}","user_id":{{Json(user)}},"anonymous_id":"a1","event_type":"page_view","product_id":{{Json(product)}},"page_url":"{{page}}","referrer":null,"utm_source":"google","utm_medium":"cpc","utm_campaign":"spring","device":{{Json(device)}},"os":"iOS","country":{{Json(country)}},"state":"CA","ip":"10.0.0.1","event_time":"2024-03-01T10:00:00.123Z","ingestion_time":"2024-03-01T10:00:01.000Z","properties":null}""";

    private static string Json(string? value) => value is null ? "null" : $"\"{value}\"";

    /// <summary>Values as a PLAIN run with the ends <see cref="DictionaryPageBuilder.AppendPlain"/> takes (a NULL adds nothing).</summary>
    private static (byte[] Plain, int[] Ends) PlainRun(string?[] values)
    {
        var plain = new List<byte>();
        var ends = new List<int> { 0 };
        foreach (var value in values)
        {
            if (value is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                plain.AddRange(BitConverter.GetBytes(bytes.Length));
                plain.AddRange(bytes);
            }

            ends.Add(plain.Count);
        }

        return ([.. plain], [.. ends]);
    }
}
