using System.Net;
using Cartwheel.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cartwheel.IntegrationTests.Collector;

/// <summary>The host: health, server.json, API keys beyond loopback, start-up validation.</summary>
public sealed class ServerHostIntegrationTests
{
    [Fact]
    public async Task Serve_WritesServerJson0600_HealthReady_DeletesItOnStop()
    {
        await using var server = await CollectorServer.StartAsync();
        var path = ServerAdvertisement.PathIn(server.DataDirectory);

        var advertisement = ServerAdvertisement.TryRead(server.DataDirectory).ShouldNotBeNull();
        advertisement.Url.ShouldBe(server.BaseAddress.ToString().TrimEnd('/'));
        advertisement.Token.Length.ShouldBe(64);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await server.Client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Client.GetAsync("/api/v1/log", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await server.StopAsync();
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task Serve_BeyondLoopback_ReadApiNeedsKeyOrLocalToken_CollectorAndHealthDoNot()
    {
        await using var server = await CollectorServer.StartAsync(url: "http://0.0.0.0:0", apiKeys: ["api-key-1"]);
        var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress.ToString().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)) };
        var ct = TestContext.Current.CancellationToken;

        (await client.GetAsync("/api/v1/log", ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/log") { Headers = { { "X-Api-Key", "api-key-1" } } };
        (await client.SendAsync(withKey, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/v1/log");
        withToken.Headers.Authorization = new("Bearer", ServerAdvertisement.TryRead(server.DataDirectory)!.Token);
        (await client.SendAsync(withToken, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Serve_SettingFiles_ReadOnceWithoutWatchingTheWorkingDirectory()
    {
        await using var server = await CollectorServer.StartAsync();

        // A reloading settings file watches the content root (the working directory, holding ./cartwheel-data by
        // default) recursively, so every log commit and bronze file would wake the watcher.
        var configuration = (IConfigurationBuilder)server.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Sources.OfType<FileConfigurationSource>().ToList();
        files.Select(f => f.Path).ShouldContain("appsettings.json");
        files.ShouldAllBe(f => !f.ReloadOnChange);
    }

    [Fact]
    public async Task Start_BeyondLoopbackWithoutApiKey_FailsValidation()
    {
        var ex = await Should.ThrowAsync<OptionsValidationException>(CollectorServer.StartAsync(url: "http://0.0.0.0:0"));
        ex.Message.ShouldContain("Api:Keys");
    }
}
