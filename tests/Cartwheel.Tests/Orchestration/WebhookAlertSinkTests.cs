using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

/// <summary>The webhook against a real HTTP listener on 127.0.0.1 (no HttpClient mocks).</summary>
public sealed class WebhookAlertSinkTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new();
    private readonly string _url;

    public WebhookAlertSinkTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
    }

    [Fact]
    public async Task RaiseAsync_TaskFailure_WebhookReceivesDocumentedJsonOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var bodies = new List<string>();
        var server = ServeAsync([HttpStatusCode.InternalServerError, HttpStatusCode.OK], bodies, ct);
        var sink = new WebhookAlertSink(_http, new Uri(_url), TimeProvider.System, retries: 2, retryDelay: TimeSpan.FromMilliseconds(1));
        using var h = new OrchestrationHarness([], sink: sink);
        var alert = new Alert(AlertKind.TaskFailed, "task_failed:r1:gold:3", "Task daily.gold failed", "daily", "r1", "gold",
            new DateTimeOffset(2024, 3, 9, 0, 0, 0, TimeSpan.Zero));

        (await h.Alerts.RaiseAsync(alert, ct)).ShouldBeTrue();
        (await h.Alerts.RaiseAsync(alert, ct)).ShouldBeFalse();
        await server;

        bodies.Count.ShouldBe(2);
        bodies[1].ShouldBe(bodies[0]);
        using var json = JsonDocument.Parse(bodies[1]);
        json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ShouldBe([
            ("text", "Task daily.gold failed <http://dash.example/runs.html#r1|run>"),
            ("kind", "task_failed"),
            ("dag", "daily"),
            ("run_id", "r1"),
            ("task", "gold"),
            ("logical_date", "2024-03-09T00:00:00Z"),
            ("link", "http://dash.example/runs.html#r1")]);
        var stored = h.Store.ListAlerts().ShouldHaveSingleItem();
        (stored.DeliveredAt is not null, stored.DeliveryError).ShouldBe((true, (string?)null));
    }

    [Fact]
    public async Task RaiseAsync_WebhookKeepsFailing_RecordedNotThrown()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = ServeAsync([HttpStatusCode.BadGateway, HttpStatusCode.BadGateway], [], ct);
        var sink = new WebhookAlertSink(_http, new Uri(_url), TimeProvider.System, retries: 1, retryDelay: TimeSpan.FromMilliseconds(1));
        using var h = new OrchestrationHarness([], sink: sink);

        var raised = await h.Alerts.RaiseFreshnessBreachAsync("orders", new DateTimeOffset(2024, 3, 9, 6, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2), ct);
        await server;

        raised.ShouldBeTrue();
        var stored = h.Store.ListAlerts().ShouldHaveSingleItem();
        stored.Alert.Key.ShouldBe("freshness_breach:orders:2024-03-09T06:00:00Z");
        stored.DeliveredAt.ShouldBeNull();
        stored.DeliveryError.ShouldBe("webhook: HttpRequestException: Response status code does not indicate success: 502 (Bad Gateway).");
    }

    public void Dispose()
    {
        _listener.Close();
        _http.Dispose();
    }

    private async Task ServeAsync(HttpStatusCode[] responses, List<string> bodies, CancellationToken cancellationToken)
    {
        foreach (var status in responses)
        {
            var context = await _listener.GetContextAsync().WaitAsync(cancellationToken);
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                bodies.Add(await reader.ReadToEndAsync(cancellationToken));
            }

            context.Request.ContentType.ShouldBe("application/json; charset=utf-8");
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}
