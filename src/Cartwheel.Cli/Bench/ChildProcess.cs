using System.Diagnostics;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// Another <c>cartwheel</c> process (the same executable, or <c>dotnet Cartwheel.Cli.dll</c>) for <c>bench stream</c>:
/// the server and the load generator run beside the bench, as separate processes, like users run them.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public int Id => Process.Id;

    /// <summary>Starts <c>cartwheel args…</c> with stdout and stderr redirected (read them, or they block the child).</summary>
    public static ChildProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = Environment.ProcessPath ?? throw new CartwheelException(ErrorCodes.Internal, "The path of this process is unknown.");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new CartwheelException(ErrorCodes.Internal, "Could not start " + path));
    }

    /// <summary>SIGTERM (a graceful stop, like Ctrl+C for the server), then waits; kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(CancellationToken.None);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
