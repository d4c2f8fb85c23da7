namespace Cartwheel.Server.Options;

/// <summary>Settings of the read APIs (section <c>Cartwheel:Api</c>).</summary>
public sealed class ApiOptions : ISelfValidating
{
    /// <summary>API keys (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key</c>); required when listening beyond loopback.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Requests per second per client address to everything but the collector (token bucket refill).</summary>
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>The bucket's size: requests a client may send at once.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Open SSE streams (<c>/api/v1/realtime/stream</c>) at once, over all clients.</summary>
    public int MaxStreams { get; set; } = 64;

    /// <summary>Set from the listen URLs, not from settings.</summary>
    internal bool LoopbackOnly { get; set; } = true;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!LoopbackOnly && (Keys.Count == 0 || Keys.Any(string.IsNullOrWhiteSpace)))
        {
            errors.Add("Api:Keys must hold at least one non-blank key when the server listens beyond loopback (serve --api-key KEY).");
        }

        if (RequestsPerSecond < 1 || Burst < 1 || MaxStreams < 1)
        {
            errors.Add("Api:RequestsPerSecond, Api:Burst and Api:MaxStreams must be positive.");
        }

        return errors;
    }
}
