using Cartwheel.Log;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cartwheel.Server.Hosting;

/// <summary>Ready when the event log is open (the collector can acknowledge).</summary>
internal sealed class EventLogHealthCheck(IEventLog log) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(log is not SqliteEventLog sqlite || sqlite.IsOpen
            ? HealthCheckResult.Healthy($"event log open, {log.Partitions} partitions")
            : HealthCheckResult.Unhealthy("event log closed"));
}
