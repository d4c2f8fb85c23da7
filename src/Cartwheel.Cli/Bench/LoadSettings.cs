namespace Cartwheel.Cli.Bench;

/// <summary>
/// What the load generator sends: where, for how long, how fast (events/s, 0 = as fast as acknowledged), over how many
/// connections, in what batches, with fresh session ids on every pass over the templates or not.
/// </summary>
internal sealed record LoadSettings(Uri Url, string WriteKey, TimeSpan Duration, int Rate, int Connections, int BatchSize, int EventBytes, int Seed, bool FreshSessions = true)
{
    /// <summary>How long the generator waits after sending for the last events to become visible.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
