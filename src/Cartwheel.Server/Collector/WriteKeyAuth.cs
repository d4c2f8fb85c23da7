using System.Security.Cryptography;
using System.Text;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Collector;

/// <summary>Segment-style write keys: the Basic auth user name (password empty), else <c>writeKey</c> in the body.</summary>
internal sealed class WriteKeyAuth(IOptions<CollectorOptions> options)
{
    private readonly byte[][] _keys = [.. options.Value.WriteKeys.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The write key of the Authorization header, if it is Basic; used for rate limiting too.</summary>
    public static string? FromHeader(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? decoded : decoded[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Throws 401 unless the header's or the body's key is a configured write key.</summary>
    public void Check(HttpRequest request, string? bodyWriteKey)
    {
        var key = FromHeader(request) ?? bodyWriteKey;
        if (key is null)
        {
            throw HttpProblemException.Unauthorized("A write key is required: Authorization: Basic base64(writeKey + \":\") or \"writeKey\" in the body.");
        }

        var bytes = Encoding.UTF8.GetBytes(key);
        var known = false;
        foreach (var candidate in _keys)
        {
            known |= CryptographicOperations.FixedTimeEquals(bytes, candidate);
        }

        if (!known)
        {
            throw HttpProblemException.Unauthorized("The write key is not valid.");
        }
    }
}
