using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cartwheel.IntegrationTests.Crash;

/// <summary>
/// The clients of the crash test: concurrent senders posting Segment <c>/v1/batch</c> and native
/// <c>/api/v1/events/events</c> requests with unique event ids, recording which batches were acknowledged, and
/// resending earlier batches (acknowledged ones and failed ones) as retrying clients do. Deterministic per seed
/// except for timing.
/// </summary>
internal sealed class CrashLoad(int seed)
{
    private static readonly string[] Pages = ["/", "/c/shoes", "/p/1", "/cart"];
    private readonly ConcurrentQueue<SentBatch> _all = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private int _next;
    private long _acknowledged;
    private long _failed;

    /// <summary>Every batch built so far (sent at least once, or about to be).</summary>
    public IReadOnlyList<SentBatch> Batches => [.. _all];

    /// <summary>Answers a client must never get (e.g. 400): the test fails on them.</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary>Why requests failed, counted (for the test's log).</summary>
    public string Failures => string.Join(", ", _failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} ×{f.Value}"));

    /// <summary>Requests answered 2xx.</summary>
    public long AcknowledgedRequests => Interlocked.Read(ref _acknowledged);

    /// <summary>Requests that failed (connection error, 5xx, timeout).</summary>
    public long FailedRequests => Interlocked.Read(ref _failed);

    /// <summary>
    /// Runs <paramref name="senders"/> concurrent clients against <paramref name="baseAddress"/> until <paramref name="stop"/>
    /// fires; they first work through <paramref name="retries"/> (interleaved with new batches), then send new batches only.
    /// </summary>
    public async Task RunAsync(Uri baseAddress, int senders, IReadOnlyList<SentBatch> retries, Random random, CancellationToken stop)
    {
        var queue = new ConcurrentQueue<SentBatch>(retries);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(CrashServer.WriteKey + ":")));
        var seeds = Enumerable.Range(0, senders).Select(_ => random.Next()).ToList();
        await Task.WhenAll(seeds.Select(s => Task.Run(() => SendLoopAsync(client, queue, new Random(s), stop), CancellationToken.None)));
    }

    /// <summary>Sends each batch once to a server that stays up (no kill): every request must be acknowledged.</summary>
    public async Task ResendAsync(Uri baseAddress, IEnumerable<SentBatch> batches, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(CrashServer.WriteKey + ":")));
        foreach (var batch in batches)
        {
            await SendAsync(client, batch, cancellationToken);
        }
    }

    private async Task SendLoopAsync(HttpClient client, ConcurrentQueue<SentBatch> retries, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var batch = random.Next(3) == 0 && retries.TryDequeue(out var retry) ? retry : NewBatch(random);
            await SendAsync(client, batch, stop);
        }
    }

    /// <summary>One client attempt (repeated after 429, which writes nothing): 2xx acknowledges; an error leaves the batch unacknowledged.</summary>
    private async Task SendAsync(HttpClient client, SentBatch batch, CancellationToken stop)
    {
        while (true)
        {
            batch.MarkAttempted();
            try
            {
                using var content = new StringContent(batch.Body, Encoding.UTF8, "application/json");
                // Not cancelled by stop: the request in flight when the server is killed must fail the way a client sees it.
                using var response = await client.PostAsync(batch.Path, content, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    batch.MarkAcknowledged();
                    Interlocked.Increment(ref _acknowledged);
                    return;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests && !stop.IsCancellationRequested)
                {
                    await Task.Delay(200, CancellationToken.None);
                    continue;
                }

                if ((int)response.StatusCode < 500)
                {
                    _unexpected.Enqueue($"{batch.Path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }

                _failures.AddOrUpdate(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
            }
            catch (HttpRequestException ex)
            {
                // Connection refused or reset: the server was killed. The batch may or may not be in the log.
                _failures.AddOrUpdate(ex.HttpRequestError.ToString(), 1, (_, n) => n + 1);
            }
            catch (TaskCanceledException)
            {
                // The client's timeout.
                _failures.AddOrUpdate("timeout", 1, (_, n) => n + 1);
            }

            Interlocked.Increment(ref _failed);
            return;
        }
    }

    private SentBatch NewBatch(Random random)
    {
        var number = Interlocked.Increment(ref _next);
        var size = random.Next(20, 160);
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, size).Select(i => $"crash-{seed:x8}-{number}-{i}").ToList();
        var batch = random.Next(4) == 0
            ? new SentBatch("/api/v1/events/events", Native(ids, random, now), ids)
            : new SentBatch("/v1/batch", Segment(ids, random, now), ids);
        _all.Enqueue(batch);
        return batch;
    }

    private static string Segment(List<string> ids, Random random, DateTimeOffset now)
    {
        var time = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var messages = new JsonArray();
        foreach (var id in ids)
        {
            var user = $"u{random.Next(40)}";
            var message = new JsonObject
            {
                ["type"] = random.Next(3) == 0 ? "page" : "track",
                ["userId"] = user,
                ["anonymousId"] = "anon-" + user,
                ["messageId"] = id,
                ["timestamp"] = time,
                ["context"] = new JsonObject { ["sessionId"] = "s-" + user, ["location"] = new JsonObject { ["country"] = "DE" } },
                ["properties"] = new JsonObject { ["product_id"] = $"p{random.Next(30)}", ["url"] = Pages[random.Next(Pages.Length)] },
            };
            if ((string)message["type"]! == "track")
            {
                message["event"] = random.Next(2) == 0 ? "Product Viewed" : "Product Added";
            }

            messages.Add(message);
        }

        return new JsonObject { ["batch"] = messages, ["sentAt"] = time }.ToJsonString();
    }

    private static string Native(List<string> ids, Random random, DateTimeOffset now)
    {
        var time = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var records = new JsonArray();
        foreach (var id in ids)
        {
            var user = $"n{random.Next(40)}";
            records.Add(new JsonObject
            {
                ["event_id"] = id,
                ["session_id"] = "s-" + user,
                ["user_id"] = user,
                ["anonymous_id"] = "anon-" + user,
                ["event_type"] = "product_view",
                ["product_id"] = $"p{random.Next(30)}",
                ["page_url"] = Pages[random.Next(Pages.Length)],
                ["referrer"] = null,
                ["utm_source"] = null,
                ["utm_medium"] = null,
                ["utm_campaign"] = null,
                ["device"] = "mobile",
                ["os"] = null,
                ["country"] = "FR",
                ["state"] = null,
                ["ip"] = null,
                ["event_time"] = time,
                ["ingestion_time"] = time,
                ["properties"] = new JsonObject(),
            });
        }

        return records.ToJsonString();
    }
}
