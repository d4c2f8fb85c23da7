namespace Cartwheel.Log;

/// <summary>Settings of the embedded event log (section <c>Cartwheel:Log</c>).</summary>
public sealed record EventLogOptions
{
    /// <summary>The number of partitions; fixed once the log holds records (keys would move otherwise).</summary>
    public int Partitions { get; init; } = 4;

    /// <summary>How long the writer gathers appends before one transaction commits them (group commit).</summary>
    public TimeSpan CommitWindow { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A transaction commits early once it holds this many records.</summary>
    public int MaxBatchRecords { get; init; } = 20_000;

    /// <summary>Back-pressure: appends fail with <see cref="LogFullException"/> above this many un-truncated records.</summary>
    public long MaxRetainedRecords { get; init; } = 2_000_000;

    /// <summary>Back-pressure: appends fail above this many un-truncated payload bytes.</summary>
    public long MaxRetainedBytes { get; init; } = 1L << 30;

    /// <summary>
    /// The newest committed records kept in memory (bytes of encoded chunks), so that reads of what was just appended
    /// (the stream's) need not go back to SQLite; 0 turns it off. Reads below what is held go to SQLite.
    /// </summary>
    public long TailBytes { get; init; } = 64L << 20;

    /// <summary>The Retry-After a full log suggests.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The problems with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Partitions is < 1 or > 1024)
        {
            errors.Add($"Log:Partitions must be 1–1024 (was {Partitions}).");
        }

        if (CommitWindow < TimeSpan.Zero || CommitWindow > TimeSpan.FromMilliseconds(200))
        {
            errors.Add($"Log:CommitWindow must be 0–200 ms (was {CommitWindow.TotalMilliseconds} ms).");
        }

        if (MaxBatchRecords < 1)
        {
            errors.Add("Log:MaxBatchRecords must be positive.");
        }

        if (MaxRetainedRecords < 1 || MaxRetainedBytes < 1)
        {
            errors.Add("Log:MaxRetainedRecords and Log:MaxRetainedBytes must be positive.");
        }

        if (TailBytes < 0)
        {
            errors.Add("Log:TailBytes must not be negative.");
        }

        if (RetryAfter < TimeSpan.FromSeconds(1))
        {
            errors.Add("Log:RetryAfter must be at least 1 s.");
        }

        return errors;
    }
}
