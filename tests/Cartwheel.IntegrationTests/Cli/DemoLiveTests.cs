using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cartwheel.IntegrationTests.Cli;

/// <summary><c>cartwheel demo</c> stays up after its batch part: live traffic reaches the dashboard's API, and SIGTERM ends it cleanly.</summary>
public sealed partial class DemoLiveTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-demo-live-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_Serving_LiveTrafficMovesTheNumbersAndSigtermExitsZero()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Cartwheel.Cli.dll"), "demo", "--users", "60", "--products", "20", "--days", "1",
            "--urls", "http://127.0.0.1:0", "--events-per-second", "100" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CARTWHEEL_DATA_DIR"] = Path.Combine(_root, "data");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data is { } line && DashboardUrl().Match(line) is { Success: true } match)
            {
                url.TrySetResult(match.Value);
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(await url.Task.WaitAsync(TimeSpan.FromMinutes(3), Ct)) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            long events;
            do
            {
                await Task.Delay(200, Ct);
                using var summary = JsonDocument.Parse(await client.GetStringAsync("/api/v1/realtime/summary", Ct));
                events = summary.RootElement.GetProperty("events_last_hour").GetInt64();
            }
            while (events == 0 && DateTime.UtcNow < deadline);

            events.ShouldBeGreaterThan(0, "no live traffic reached the real-time store");
            (await client.GetStringAsync("/", Ct)).ShouldContain("Cartwheel");
        }
        finally
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync(Ct);
        }

        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await stdout;
        lock (stderr)
        {
            process.ExitCode.ShouldBe(0, stderr.ToString());
            stderr.ToString().ShouldContain("Stopping the server");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    // The dashboard line, not the links in alerts printed before it (those name the default address).
    [GeneratedRegex(@"(?<=Dashboard: )http://127\.0\.0\.1:\d+")]
    private static partial Regex DashboardUrl();
}
