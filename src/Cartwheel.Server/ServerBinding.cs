using System.Net;

namespace Cartwheel.Server;

/// <summary>Where the server listens, and whether only this machine can reach it (then read APIs need no key).</summary>
public sealed record ServerBinding(IReadOnlyList<string> Urls)
{
    public bool LoopbackOnly => Urls.All(IsLoopback);

    public static ServerBinding Parse(string urls) =>
        new(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>True for 127.0.0.0/8, ::1 and localhost; false for wildcards (<c>*</c>, <c>+</c>, 0.0.0.0) and other hosts.</summary>
    public static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
