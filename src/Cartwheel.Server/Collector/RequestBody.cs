using System.IO.Compression;
using Cartwheel.Server.Errors;

namespace Cartwheel.Server.Collector;

/// <summary>Reads a request body whole, gunzipping <c>Content-Encoding: gzip</c>, refusing more than the limit (413) before and after decompression.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (encoding.Length > 0 && !gzip && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpProblemException(StatusCodes.Status415UnsupportedMediaType, "request.unsupported_encoding", $"Content-Encoding '{encoding}' is not supported; use gzip or none.");
        }

        await using var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new HttpProblemException(StatusCodes.Status400BadRequest, "request.invalid_gzip", "The body is not valid gzip.", null, ex);
        }

        return buffer.ToArray();
    }

    private static HttpProblemException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "collector.batch_too_large", $"The request body is over {maxBytes} bytes (after decompression).");
}
