namespace Cartwheel.Server.Hosting;

/// <summary>This server's random local token, advertised in <c>server.json</c> and accepted as an API key.</summary>
internal sealed record LocalToken(string Value)
{
    public static LocalToken Create() => new(ServerAdvertisement.Create("").Token);
}
