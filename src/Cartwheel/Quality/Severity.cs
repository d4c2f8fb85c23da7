namespace Cartwheel.Quality;

/// <summary>What a failed expectation does: <c>error</c> blocks promotion, <c>warn</c> only alerts.</summary>
public enum Severity
{
    Error,
    Warn,
}
