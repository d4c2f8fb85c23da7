namespace Cartwheel.Server.Options;

/// <summary>Settings that can list their own problems (checked once at start-up, before the server listens).</summary>
public interface ISelfValidating
{
    IReadOnlyList<string> Validate();
}
