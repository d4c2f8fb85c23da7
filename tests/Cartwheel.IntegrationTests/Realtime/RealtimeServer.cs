using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Server;
using Cartwheel.Log;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cartwheel.IntegrationTests.Realtime;

/// <summary>
/// A real Cartwheel server with the stream processor running (real clock, 50 ms micro-batches) on 127.0.0.1 and a free
/// port over a temp data directory, and Segment messages stamped "now" so they land in the live windows.
/// </summary>
internal sealed class RealtimeServer : IAsyncDisposable
{
    public const string WriteKey = "realtime-write-key";

    private readonly WebApplication _app;
    private readonly string _root;

    private RealtimeServer(WebApplication app, string root)
    {
        _app = app;
        _root = root;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IEventLog Log => _app.Services.GetRequiredService<IEventLog>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<RealtimeServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "cw-realtime-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>(settings ?? []);
        all.TryAdd("Cartwheel:Stream:BatchInterval", "00:00:00.050");
        var app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = new DataDirectory(Path.Combine(root, "data")),
            Urls = "http://127.0.0.1:0",
            WriteKeys = [WriteKey],
            Settings = all,
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        await app.StartAsync(Ct);
        return new RealtimeServer(app, root);
    }

    /// <summary>A track message stamped now.</summary>
    public static JsonObject Track(string messageId, string name, JsonObject properties, string session = "s1", string device = "mobile", string country = "US") => new()
    {
        ["type"] = "track",
        ["event"] = name,
        ["userId"] = "u-" + session,
        ["messageId"] = messageId,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["properties"] = properties,
        ["context"] = new JsonObject
        {
            ["sessionId"] = session,
            ["device"] = new JsonObject { ["type"] = device },
            ["location"] = new JsonObject { ["country"] = country },
        },
    };

    /// <summary>An Order Completed of one line.</summary>
    public static JsonObject Order(string id, string product, int quantity, decimal price, string session) =>
        Track("m-" + id, "Order Completed", new JsonObject
        {
            ["order_id"] = id,
            ["products"] = new JsonArray(new JsonObject { ["product_id"] = product, ["quantity"] = quantity, ["price"] = price }),
        }, session);

    /// <summary>Three completed orders worth 100.00 + 2 × 10.00 + 3.45 = 123.45 and one product view: 4 click events, 3 orders.</summary>
    public static JsonObject[] ThreeOrders(string prefix = "") =>
    [
        Track(prefix + "v1", "Product Viewed", new JsonObject { ["product_id"] = "P1" }, "s1"),
        Order(prefix + "o1", "P1", 1, 100.00m, "s1"),
        Order(prefix + "o2", "P2", 2, 10.00m, "s2"),
        Order(prefix + "o3", "P3", 1, 3.45m, "s3"),
    ];

    /// <summary>Posts a Segment batch without sentAt, so each event's time is exactly its timestamp (a retry is an exact duplicate).</summary>
    public async Task PostBatchAsync(params JsonObject[] messages)
    {
        var body = new JsonObject { ["batch"] = new JsonArray(messages) };
        await PostAsync("/v1/batch", body.ToJsonString());
    }

    public async Task PostAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(WriteKey + ":")));
        using var response = await Client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path, Ct);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    /// <summary>Polls the summary until <paramref name="done"/> holds (the stream has caught up), or fails after 15 s.</summary>
    public async Task<JsonElement> WaitForSummaryAsync(Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var summary = await GetJsonAsync("/api/v1/realtime/summary");
            if (done(summary))
            {
                return summary;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The stream did not catch up: " + summary);
            }

            await Task.Delay(25, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        // Stop first: disposing alone would not stop the stream service before the log it reads is disposed.
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
