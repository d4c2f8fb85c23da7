using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cartwheel.Catalog;
using Cartwheel.Ingest;

namespace Cartwheel.Bench;

/// <summary>
/// <c>ingest [lines]</c>: generates a JSONL file of ~1 KB click events (default 1,000,000) in a temp folder,
/// ingests it into a fresh data directory and prints events/s and MB/s.
/// </summary>
internal static class IngestBench
{
    public static int Run(string[] args)
    {
        var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var root = Path.Combine(Path.GetTempPath(), "cw-bench-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var input = Path.Combine(root, "events.jsonl");
            Generate(input, lines);
            var size = new FileInfo(input).Length;
            var data = new DataDirectory(Path.Combine(root, "data"));
            var ingestor = new BronzeIngestor(data, CatalogStore.Open(data));
            var watch = Stopwatch.StartNew();
            var report = ingestor.Ingest([input]);
            watch.Stop();
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"ingest: {report.Accepted:N0} accepted / {report.Received:N0} received, {size / 1e6:F0} MB in {seconds:F2} s " +
                              $"= {report.Received / seconds:N0} events/s, {size / 1e6 / seconds:F0} MB/s ({Environment.ProcessorCount} cores)");
            return report.Succeeded ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Generate(string path, int lines)
    {
        var random = new Random(42);
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var types = new[] { "page_view", "product_view", "search", "add_to_cart", "remove_from_cart", "checkout_started", "purchase" };
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var padding = new string('p', 560);
        for (var i = 0; i < lines; i++)
        {
            var time = start.AddSeconds(i * 0.5 + random.Next(0, 60));
            writer.Write(
                $$"""{"event_id":"evt-{{i:D9}}","session_id":"s-{{random.Next(1_000_000):D7}}","user_id":"u-{{random.Next(100_000):D6}}","anonymous_id":"a-{{random.Next():x8}}","event_type":"{{types[i % types.Length]}}","product_id":"p-{{random.Next(5000):D5}}","page_url":"https://shop.example/p/{{random.Next(5000)}}","referrer":"https://google.com/","utm_source":"google","utm_medium":"cpc","utm_campaign":"spring","device":"mobile","os":"ios","country":"US","state":"CA","ip":"10.0.{{random.Next(255)}}.{{random.Next(255)}}","event_time":"{{time:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","ingestion_time":"{{time.AddSeconds(2):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","properties":{"note":"{{padding}}"}{{"}"}}""");
            writer.Write('\n');
        }
    }
}
