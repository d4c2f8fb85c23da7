using System.CommandLine;
using Cartwheel.Server;

namespace Cartwheel.Cli.Commands;

/// <summary><c>cartwheel serve</c>: the collector, health and read APIs over the data directory until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"URLs to listen on, ';'-separated. Default: the 'urls' setting or {CartwheelServer.DefaultUrl}." };
        var writeKeys = new Option<string[]>("--write-key") { Description = "A write key the collector accepts (repeatable; replaces Cartwheel:Collector:WriteKeys).", AllowMultipleArgumentsPerToken = false };
        var apiKeys = new Option<string[]>("--api-key") { Description = "An API key for the read APIs (repeatable; required beyond loopback; replaces Cartwheel:Api:Keys)." };
        var command = new Command("serve", "Run the HTTP server: Segment-compatible collector (/v1/batch…), native /api/v1/events/{kind}, /health/live|ready.")
        {
            urls, writeKeys, apiKeys,
        };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            await CartwheelServer.RunAsync(new CartwheelServerOptions
            {
                DataDirectory = CommonOptions.ResolveDataDirectory(parseResult),
                Urls = parseResult.GetValue(urls),
                WriteKeys = parseResult.GetValue(writeKeys) ?? [],
                ApiKeys = parseResult.GetValue(apiKeys) ?? [],
                Args = parseResult.UnmatchedTokens,
            }, cancellationToken);
            return CommandRunner.Ok;
        });
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }
}
