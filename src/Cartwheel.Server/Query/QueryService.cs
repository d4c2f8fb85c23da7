using System.Diagnostics;
using Cartwheel.Server.Options;
using Cartwheel.Warehouse;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Query;

/// <summary>
/// Runs an ad-hoc query through the server's <see cref="WarehouseOwner"/> (the one process that may hold the DuckDB file),
/// on a read-only connection, within the request's limits clamped to <see cref="QueryOptions"/>.
/// </summary>
internal sealed class QueryService(WarehouseOwner owner, IOptions<QueryOptions> options)
{
    /// <summary>The limits a request gets: its own, or the defaults, never beyond the server's caps.</summary>
    public (int MaxRows, TimeSpan Timeout) Limits(QueryRequest request)
    {
        var o = options.Value;
        var maxRows = Math.Min(request.MaxRows ?? o.DefaultMaxRows, o.MaxRows);
        var seconds = request.TimeoutSeconds switch
        {
            null => o.DefaultTimeoutSeconds,
            0 => o.MaxTimeoutSeconds,
            var s => Math.Min(s.Value, o.MaxTimeoutSeconds),
        };
        return (maxRows, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>
    /// Waits for the warehouse (a pipeline step may hold it) at most the timeout, then runs the query with the timeout as its
    /// statement timeout; <paramref name="cancellationToken"/> (the client going away) interrupts either.
    /// </summary>
    public async Task<(QueryResult Result, long ElapsedMs)> RunAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var (maxRows, timeout) = Limits(request);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await owner.RunReadOnlyAsync(warehouse => ReadOnlyQuery.Execute(warehouse, request.Sql, maxRows, cancellationToken, timeout), wait.Token);
            return (result, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && wait.IsCancellationRequested)
        {
            throw new CartwheelException(ErrorCodes.QueryTimeout,
                $"The warehouse stayed busy (a pipeline step holds it) for longer than the query's timeout of {timeout.TotalSeconds:0.###} s.");
        }
    }
}
