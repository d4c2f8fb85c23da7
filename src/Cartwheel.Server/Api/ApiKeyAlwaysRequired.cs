namespace Cartwheel.Server.Api;

/// <summary>Endpoint metadata: <see cref="ApiKeyFilter"/> asks for an API key or the local token even on loopback.</summary>
internal sealed class ApiKeyAlwaysRequired
{
    public static readonly ApiKeyAlwaysRequired Instance = new();
}
