using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cartwheel.Server.Hosting;

/// <summary>Writes <c>&lt;data-dir&gt;/server.json</c> once the server listens and deletes it when it stops.</summary>
internal sealed class ServerAdvertiser(
    IServer server, IHostApplicationLifetime lifetime, DataDirectory dataDirectory, LocalToken token, ServerBinding binding, ILogger<ServerAdvertiser> logger)
    : IHostedService
{
    private ServerAdvertisement? _advertisement;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? binding.Urls[0];
            _advertisement = ServerAdvertisement.Create(url) with { Token = token.Value };
            _advertisement.Write(dataDirectory);
            logger.ServerListening(url, dataDirectory.Root, binding.LoopbackOnly ? "open on loopback" : "require an API key");
        });
        lifetime.ApplicationStopping.Register(() =>
        {
            logger.ServerStopping();
            _advertisement?.Delete(dataDirectory);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _advertisement?.Delete(dataDirectory);
        return Task.CompletedTask;
    }
}
