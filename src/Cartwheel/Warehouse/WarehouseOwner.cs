namespace Cartwheel.Warehouse;

/// <summary>
/// The single writer of a data directory's warehouse inside a long-running host (the daily DAG, the server): work is
/// serialized (DuckDB has one writer per file, and one connection must not be shared by two threads), runs on a
/// pool thread so the caller's loop keeps going, and gets the warehouse opened for it and closed after it, so the file
/// is free between steps (a CLI command on the same data directory does not meet a lock while the host is idle).
/// </summary>
public sealed class WarehouseOwner(DataDirectory dataDirectory) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public DataDirectory DataDirectory => dataDirectory;

    /// <summary>Runs <paramref name="work"/> alone against the warehouse; waiting for the turn honours cancellation.</summary>
    public Task<T> RunAsync<T>(Func<Warehouse, T> work, CancellationToken cancellationToken = default) =>
        RunAsync(work, readOnly: false, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> alone against the warehouse opened read-only (ad-hoc queries): it takes its turn with the
    /// writers, so it never meets a half-published build, and DuckDB itself refuses any write it might attempt.
    /// </summary>
    public Task<T> RunReadOnlyAsync<T>(Func<Warehouse, T> work, CancellationToken cancellationToken = default) =>
        RunAsync(work, readOnly: true, cancellationToken);

    private async Task<T> RunAsync<T>(Func<Warehouse, T> work, bool readOnly, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() =>
            {
                using var warehouse = Warehouse.Open(dataDirectory, readOnly);
                return work(warehouse);
            }, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
