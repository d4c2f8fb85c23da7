using System.Diagnostics;

namespace Cartwheel.Cli.Forwarding;

/// <summary>
/// The running server that holds a data directory, if any: its <c>server.json</c> exists, its process is alive and its
/// <c>/health/live</c> answers within <see cref="ProbeTimeout"/> (once more within 3× that when the first try timed out). A file left by a dead process is removed; one whose process
/// lives but does not answer is ignored (the process id may have been reused).
/// </summary>
internal sealed record LiveServer(Uri BaseAddress, string Token)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public static async Task<LiveServer?> FindAsync(DataDirectory dataDirectory, CancellationToken cancellationToken)
    {
        if (ServerAdvertisement.TryRead(dataDirectory) is not { } advertisement)
        {
            return null;
        }

        if (!IsAlive(advertisement.ProcessId))
        {
            advertisement.Delete(dataDirectory);
            return null;
        }

        if (!Uri.TryCreate(Reachable(advertisement.Url), UriKind.Absolute, out var baseAddress))
        {
            return null;
        }

        // Nothing listening is refused at once; a live server that is slow (a busy machine, a cold start) gets one more, longer try.
        foreach (var timeout in new[] { ProbeTimeout, 3 * ProbeTimeout })
        {
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
            try
            {
                using var response = await client.GetAsync("/health/live", cancellationToken);
                return response.IsSuccessStatusCode ? new LiveServer(baseAddress, advertisement.Token) : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: try again with the longer timeout, then give up.
            }
        }

        return null;
    }

    /// <summary>A wildcard listen address (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) is reached on loopback.</summary>
    internal static string Reachable(string url)
    {
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://*", "://+" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal))
            {
                return url.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
            }
        }

        return url;
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
