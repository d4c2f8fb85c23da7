using Cartwheel.Orchestration;

namespace Cartwheel.Server.Hosting;

/// <summary>Runs the <see cref="DagScheduler"/> until the host stops; started runs are awaited before it ends.</summary>
internal sealed class DagSchedulerService(DagScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
