using System.Net.Http.Headers;
using System.Text;
using Cartwheel.Log;
using Cartwheel.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>A real Cartwheel server on 127.0.0.1 and a free port (Kestrel binds port 0), over a temp data directory.</summary>
internal sealed class CollectorServer : IAsyncDisposable
{
    public const string WriteKey = "test-write-key";

    private readonly WebApplication _app;

    private CollectorServer(WebApplication app, DataDirectory dataDirectory, FakeTimeProvider clock)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Clock = clock;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>The receive time every request sees.</summary>
    public static DateTimeOffset Now { get; } = new(2024, 3, 1, 12, 0, 0, 500, TimeSpan.Zero);

    public DataDirectory DataDirectory { get; }

    public FakeTimeProvider Clock { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IEventLog Log => _app.Services.GetRequiredService<IEventLog>();

    public IServiceProvider Services => _app.Services;

    public static async Task<CollectorServer> StartAsync(Dictionary<string, string?>? settings = null, string url = "http://127.0.0.1:0", IReadOnlyList<string>? apiKeys = null)
    {
        var dataDirectory = new DataDirectory(Path.Combine(Path.GetTempPath(), "cw-collector-" + Guid.NewGuid().ToString("N")));
        var clock = new FakeTimeProvider(Now);
        settings = new Dictionary<string, string?>(settings ?? []);
        // These tests read what the collector wrote to the log, so nothing may consume it.
        settings.TryAdd("Cartwheel:Stream:Enabled", "false");
        var app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = url,
            WriteKeys = [WriteKey],
            ApiKeys = apiKeys ?? [],
            Settings = settings,
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            ConfigureServices = services => services.AddSingleton<TimeProvider>(clock),
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new CollectorServer(app, dataDirectory, clock);
    }

    public static AuthenticationHeaderValue Basic(string key) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

    public async Task<HttpResponseMessage> PostAsync(string path, string body, string? key = WriteKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = Basic(key);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Every record in the log, partition by partition, in offset order.</summary>
    public async Task<List<LogRecord>> ReadLogAsync()
    {
        var all = new List<LogRecord>();
        for (var p = 0; p < Log.Partitions; p++)
        {
            all.AddRange(await Log.ReadAsync(p, 0, int.MaxValue, TestContext.Current.CancellationToken));
        }

        return all;
    }

    public async Task StopAsync() => await _app.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(DataDirectory.Root))
        {
            Directory.Delete(DataDirectory.Root, recursive: true);
        }
    }
}
