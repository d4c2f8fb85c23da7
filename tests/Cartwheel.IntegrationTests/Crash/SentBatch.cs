namespace Cartwheel.IntegrationTests.Crash;

/// <summary>
/// One request body the load sends (and may resend, like a retrying client), with the event ids in it.
/// <see cref="Acknowledged"/>: some attempt got a 2xx, so every id must be in bronze exactly once.
/// <see cref="Attempted"/> without acknowledgement: the request failed (connection error, 5xx, timeout), so the
/// ids may or may not be in bronze — but never twice.
/// </summary>
internal sealed class SentBatch(string path, string body, IReadOnlyList<string> eventIds)
{
    private int _acknowledged;
    private int _attempted;

    public string Path { get; } = path;

    public string Body { get; } = body;

    public IReadOnlyList<string> EventIds { get; } = eventIds;

    public bool Acknowledged => Volatile.Read(ref _acknowledged) == 1;

    public bool Attempted => Volatile.Read(ref _attempted) == 1;

    public void MarkAttempted() => Volatile.Write(ref _attempted, 1);

    public void MarkAcknowledged() => Volatile.Write(ref _acknowledged, 1);
}
