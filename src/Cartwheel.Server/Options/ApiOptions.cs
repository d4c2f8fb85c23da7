namespace Cartwheel.Server.Options;

/// <summary>Settings of the read APIs (section <c>Cartwheel:Api</c>).</summary>
public sealed class ApiOptions : ISelfValidating
{
    /// <summary>API keys (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key</c>); required when listening beyond loopback.</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Set from the listen URLs, not from settings.</summary>
    internal bool LoopbackOnly { get; set; } = true;

    public IReadOnlyList<string> Validate() =>
        !LoopbackOnly && (Keys.Count == 0 || Keys.Any(string.IsNullOrWhiteSpace))
            ? ["Api:Keys must hold at least one non-blank key when the server listens beyond loopback (serve --api-key KEY)."]
            : [];
}
