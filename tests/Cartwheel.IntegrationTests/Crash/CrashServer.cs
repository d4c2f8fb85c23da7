using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cartwheel.IntegrationTests.Crash;

/// <summary>
/// <c>cartwheel serve</c> (the built Cartwheel.Cli.dll) as a child process on a data directory, on a free loopback
/// port, with small and fast micro-batches so a kill lands inside one. <see cref="Kill"/> is SIGKILL.
/// </summary>
internal sealed partial class CrashServer : IAsyncDisposable
{
    public const string WriteKey = "crash-write-key";
    public const string ApiKey = "crash-api-key";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CrashServer(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the server wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The orphans the stream processor's recovery reported removing at its start (0 when it did not start yet).</summary>
    public int OrphansRemoved => OrphansLine().Match(Output) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>Starts the server and waits (generously: the machine may be loaded) until it listens.</summary>
    public static async Task<CrashServer> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Cartwheel.Cli.dll"), "serve", "--urls", "http://127.0.0.1:0",
            "--write-key", WriteKey, "--api-key", ApiKey })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CARTWHEEL_DATA_DIR"] = dataDirectory;
        start.Environment["NO_COLOR"] = "1";
        // Many small micro-batches: most of the server's life is spent inside one (bronze write, rename, catalog commit).
        start.Environment["Cartwheel__Stream__BatchInterval"] = "00:00:00.020";
        start.Environment["Cartwheel__Stream__MaxBatchRecords"] = "700";
        start.Environment["Cartwheel__Log__CommitWindow"] = "00:00:00.005";
        var server = new CrashServer(Process.Start(start) ?? throw new InvalidOperationException("could not start the server"));
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            var exited = server._process.WaitForExitAsync(cancellationToken);
            var listening = server._listening.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            if (await Task.WhenAny(listening, exited) != listening)
            {
                throw new InvalidOperationException($"The server exited with {server._process.ExitCode} before listening:\n{server.Output}");
            }

            server.BaseAddress = await listening;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, like a power cut for the process (the OS page cache survives).</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, then waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"server listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"(\d+) orphan\(s\) removed")]
    private static partial Regex OrphansLine();
}
