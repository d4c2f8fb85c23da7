using System.Text;
using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// <see cref="SilverEventsWriter.AppendRows"/> (runs of records copied per page) against appending the same records
/// one by one: the same file, byte for byte — pages sealed after the same values, NULLs and row groups included —
/// and DuckDB reads back every value.
/// </summary>
public sealed class SilverEventsWriterTests : IDisposable
{
    private const long Ingested = 1_709_546_400_000_000; // 2024-03-04T10:00:00Z
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cw-silver-writer-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AppendRows_RunsOfRecordsAcrossPages_SameFileAsOneByOne()
    {
        var chunks = Chunks();
        var one = Path.Combine(_directory, "one.parquet");
        var runs = Path.Combine(_directory, "runs.parquet");
        using (var writer = new SilverEventsWriter(one))
        {
            foreach (var chunk in chunks)
            {
                for (var r = 0; r < chunk.Count; r++)
                {
                    writer.Append(chunk, r);
                }
            }

            writer.Finish();
        }

        var random = new Random(3);
        using (var writer = new SilverEventsWriter(runs))
        {
            foreach (var chunk in chunks)
            {
                for (var from = 0; from < chunk.Count;)
                {
                    var to = Math.Min(chunk.Count, from + random.Next(0, 9));
                    writer.AppendRows(chunk, from, to);
                    from = to;
                }
            }

            writer.Finish();
        }

        File.ReadAllBytes(runs).ShouldBe(File.ReadAllBytes(one));
        using var db = Cartwheel.Warehouse.Warehouse.Open(new DataDirectory(Path.Combine(_directory, "db")));
        db.Scalar<long>($"SELECT count(*) FROM read_parquet('{runs}')").ShouldBe(chunks.Sum(c => c.Count));
        db.Scalar<long>($"SELECT count(*) FROM read_parquet('{runs}') WHERE properties IS NULL").ShouldBe(chunks.Sum(c => c.Count) / 5);
        db.Scalar<long>($"SELECT sum(length(properties))::BIGINT FROM read_parquet('{runs}')").ShouldBe(PropertiesLength(chunks));
        // Two row groups (the runs were cut at the row group's end); ~50 MiB of properties, so at many page ends too.
        db.Scalar<long>($"SELECT count(*) FROM parquet_metadata('{runs}') WHERE path_in_schema = 'properties'").ShouldBe(2);
        // The dictionary columns, row by row across both row groups.
        db.Strings($"SELECT event_type || '|' || source_file || '|' || source_format FROM read_parquet('{runs}') ORDER BY line_number")
            .ShouldBe([.. chunks.SelectMany(c => Enumerable.Range(0, c.Count).Select(r =>
                $"{Encoding.UTF8.GetString(c.Text(r, 4))}|{Encoding.UTF8.GetString(c.SourceFiles[r])}|{(c.Seed004[r] ? "seed004" : "native")}"))]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>
    /// Records with properties of up to 200 B, one in 500 of up to 400 KB, every fifth NULL, every eleventh (unless a fifth) a seed004 record,
    /// from three source files in runs of 1,000 (each run its own array): two row groups' worth of chunks.
    /// </summary>
    private static List<EventsChunk> Chunks()
    {
        var parser = new EventPayloadParser();
        var random = new Random(11);
        string[] sources = ["/in/a.jsonl", "/in/b.jsonl", "/in/c.jsonl"];
        var source = Array.Empty<byte>();
        var chunks = new List<EventsChunk>();
        var line = 0;
        for (var c = 0; c < 20; c++)
        {
            var chunk = new EventsChunk(EventsChunk.DefaultCapacity);
            for (var r = 0; r < 3_500; r++)
            {
                line++;
                var padding = random.Next(500) == 0 ? random.Next(100_000, 400_000) : random.Next(0, 200);
                var properties = line % 5 == 0 ? "null" : $$"""{"padding":"{{new string('p', padding)}}"}""";
                var payload = Encoding.UTF8.GetBytes(line % 11 == 0 && line % 5 != 0
                    ? $$$"""{"event_id":"e{{{line}}}","session_id":"s","event_type":"product_view","event_timestamp":"2024-03-01T11:00:00Z","event_details":{"product_id":"p7"}}"""
                    : SilverEventsNativeCases.Event($"e{line}", user: line % 7 == 0 ? "" : "u1", type: line % 3 == 0 ? "search" : "page_view", properties: properties));
                parser.Parse(payload, Ingested).ShouldBe(EventParse.Accepted);
                if (line % 1_000 == 1)
                {
                    source = Encoding.UTF8.GetBytes(sources[random.Next(sources.Length)]);
                }

                chunk.Add(parser, payload, Ingested, source, line);
            }

            chunks.Add(chunk);
        }

        return chunks;
    }

    private static long PropertiesLength(List<EventsChunk> chunks) =>
        chunks.Sum(c => Enumerable.Range(0, c.Count).Sum(r => (long)Encoding.UTF8.GetString(c.Text(r, EventsChunk.Texts - 1)).Length));
}
