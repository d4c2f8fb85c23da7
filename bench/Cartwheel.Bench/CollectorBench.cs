using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Cartwheel.Server;
using Microsoft.AspNetCore.Builder;

namespace Cartwheel.Bench;

/// <summary>
/// <c>collector [seconds] [clients]</c>: an in-process server on loopback over a temp data directory; several
/// HttpClients post 500-event Segment batches as fast as they are acknowledged (durable in the log).
/// Prints accepted events/s and acknowledgement latency p50/p99.
/// </summary>
internal static class CollectorBench
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var clients = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var root = Path.Combine(Path.GetTempPath(), "cw-bench-collector-" + Guid.NewGuid().ToString("N"));
        await using var app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = new DataDirectory(root),
            Urls = "http://127.0.0.1:0",
            WriteKeys = ["bench"],
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            // The collector alone, as before the server ran the stream processor (it would compete for the 2 cores and the log).
            Settings = new Dictionary<string, string?>
            {
                ["Cartwheel:Collector:RequestsPerSecond"] = "1000000", ["Cartwheel:Collector:Burst"] = "1000000", ["Cartwheel:Stream:Enabled"] = "false",
            },
        });
        await app.StartAsync();
        var url = new Uri(app.Urls.First());
        var latencies = new List<double>[clients];
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = url };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("bench:"u8.ToArray()));
            var mine = latencies[c] = [];
            for (var batch = 0; stop.Elapsed.TotalSeconds < seconds; batch++)
            {
                var body = Batch(c, batch);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/v1/batch", new StringContent(body, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var events = (long)all.Count * BatchSize;
        Console.WriteLine($"collector: {clients} clients, {elapsed:F1} s, {all.Count} batches of {BatchSize}, {events} events");
        Console.WriteLine($"accepted: {events / elapsed:F0} events/s ({all.Count / elapsed:F0} req/s); ack latency p50 {Percentile(all, 0.50):F1} ms, p99 {Percentile(all, 0.99):F1} ms");
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(root, recursive: true);
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static string Batch(int client, int batch)
    {
        var text = new StringBuilder("{\"batch\":[");
        for (var i = 0; i < BatchSize; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(
                $$$"""{"type":"track","event":"Product Viewed","userId":"u{{{(client * 131 + i) % 5000}}}","anonymousId":"a{{{i}}}","messageId":"c{{{client}}}-b{{{batch}}}-{{{i}}}","timestamp":"2024-03-01T10:00:00.000Z","properties":{"product_id":"p{{{i % 300}}}","price":19.99},"context":{"ip":"203.0.113.9","page":{"url":"https://shop.example/p/{{{i % 300}}}"},"userAgent":"Mozilla/5.0"}}""");
        }

        return text.Append("],\"sentAt\":\"2024-03-01T10:00:00.100Z\"}").ToString();
    }
}
