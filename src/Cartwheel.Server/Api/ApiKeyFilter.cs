using System.Security.Cryptography;
using System.Text;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Hosting;
using Cartwheel.Server.Options;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Api;

/// <summary>
/// Guards the read APIs: open when the server listens on loopback only; otherwise an API key or the local token
/// (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>) is required, else 401 problem JSON. Endpoints marked with
/// <see cref="ApiKeyAlwaysRequired"/> (ad-hoc SQL) require it on loopback too.
/// </summary>
internal sealed class ApiKeyFilter(IOptions<ApiOptions> options, LocalToken token) : IEndpointFilter
{
    private readonly byte[][] _keys = [.. options.Value.Keys.Append(token.Value).Select(Encoding.UTF8.GetBytes)];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var always = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ApiKeyAlwaysRequired>() is not null;
        if ((always || !options.Value.LoopbackOnly) && !Allowed(context.HttpContext.Request))
        {
            throw new HttpProblemException(StatusCodes.Status401Unauthorized, "api.unauthorized",
                "An API key is required: Authorization: Bearer KEY or X-Api-Key: KEY.");
        }

        return await next(context);
    }

    private bool Allowed(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : request.Headers["X-Api-Key"].ToString();
        if (key.Length == 0)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(key);
        var allowed = false;
        foreach (var candidate in _keys)
        {
            allowed |= CryptographicOperations.FixedTimeEquals(bytes, candidate);
        }

        return allowed;
    }
}
