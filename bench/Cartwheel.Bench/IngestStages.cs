using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Cartwheel.Ingest;
using DuckDB.NET.Data;

namespace Cartwheel.Bench;

/// <summary>
/// <c>stages FILE [--workdir DIR]</c>: times each step of ingest alone on a JSONL file (wall and CPU), to find
/// where the time goes: splitting, UTF-8 validation, JSON check + key/time extraction, payload strings,
/// hashing, the DuckDB Appender and COPY to Parquet.
/// </summary>
internal static class IngestStages
{
    public static int Run(string[] args)
    {
        var file = args[0];
        var workdir = args.Length > 2 && args[1] == "--workdir" ? args[2] : Path.GetTempPath();
        var size = new FileInfo(file).Length;
        Console.WriteLine($"file {file}: {size / 1e6:F0} MB, load {CpuClock.LoadAverage()}");
        var lines = Measure("split", size, 0, () => Split(file, _ => { }));
        Measure("split + utf8 check", size, lines, () => Split(file, r => Utf8.IsValid(r)));
        var parser = new JsonRecordParser(KindSpec.For(Contracts.EntityKind.Events));
        Measure("split + json parse", size, lines, () => Split(file, r => parser.Parse(r)));
        Measure("split + payload string", size, lines, () => Split(file, r => Encoding.UTF8.GetString(r)));
        Measure("sha256", size, lines, () => { using var s = File.OpenRead(file); SHA256.HashData(s); return lines; });
        var stamps = Enumerable.Range(0, 1_000_000)
            .Select(i => Encoding.UTF8.GetBytes(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 77.0).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        Measure("time parse (1M)", 0, stamps.Length, () => { foreach (var s in stamps) { EventTime.TryParse(s, out _); } return stamps.Length; });
        foreach (var asString in new[] { true, false })
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            Execute(connection, "SET TimeZone = 'UTC'; CREATE TABLE rows (record_id VARCHAR, event_time TIMESTAMPTZ, payload VARCHAR, raw VARCHAR, line_number BIGINT, dt DATE)");
            var time = new DateTime(2024, 3, 1, 1, 2, 3, DateTimeKind.Utc);
            Measure(asString ? "split + append (payload string)" : "split + append (payload bytes)", size, lines, () =>
            {
                using var appender = connection.CreateAppender("rows");
                long n = 0;
                var count = Split(file, r =>
                {
                    var row = appender.CreateRow().AppendValue("e_0123456789abcdef0123456789abcdef").AppendValue((DateTime?)time);
                    row = asString ? row.AppendValue(Encoding.UTF8.GetString(r)) : row.AppendValue(r.ToArray().AsSpan());
                    row.AppendNullValue().AppendValue((long?)++n).AppendValue((DateOnly?)DateOnly.FromDateTime(time)).EndRow();
                });
                return count;
            });
            if (asString)
            {
                continue;
            }

            foreach (var (name, settings) in new[]
            {
                ("copy zstd (as today)", "SET preserve_insertion_order = true;"),
                ("copy zstd, no insertion order", "SET preserve_insertion_order = false;"),
                ("copy zstd level 1, no order", "SET preserve_insertion_order = false;"),
                ("copy snappy, no order", "SET preserve_insertion_order = false;"),
            })
            {
                var target = Path.Combine(workdir, "stage-copy-" + Guid.NewGuid().ToString("N")[..8]);
                var options = name.Contains("level 1") ? "COMPRESSION zstd, COMPRESSION_LEVEL 1" : name.Contains("snappy") ? "COMPRESSION snappy" : "COMPRESSION zstd";
                Execute(connection, settings);
                Measure(name, size, lines, () =>
                {
                    Execute(connection, $"COPY (SELECT * FROM rows) TO '{target}' (FORMAT parquet, {options}, PARTITION_BY (dt))");
                    return lines;
                });
                var bytes = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                Console.WriteLine($"    parquet {bytes / 1e6:F0} MB");
                Directory.Delete(target, recursive: true);
            }
        }

        return 0;
    }

    private static long Measure(string name, long bytes, long events, Func<long> step)
    {
        var clock = CpuClock.Start();
        var result = step();
        var (wall, cpu) = clock.Elapsed();
        var n = events > 0 ? events : result;
        Console.WriteLine($"{name,-36} wall {wall,6:F2} s  cpu {cpu,6:F2} s  {n / wall,11:N0} ev/s wall  {cpu * 1e6 / n,6:F2} cpu-µs/ev  {(bytes > 0 ? bytes / 1e6 / wall : 0),6:F0} MB/s");
        return result;
    }

    private delegate void RecordAction(ReadOnlySpan<byte> record);

    private static long Split(string file, RecordAction action)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var splitter = new RecordSplitter(stream, csv: false);
        long n = 0;
        while (splitter.TryRead(out var record, out _, out _))
        {
            action(record);
            n++;
        }

        return n;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
