using System.Buffers;
using System.IO.Compression;
using Cartwheel.Server.Errors;

namespace Cartwheel.Server.Collector;

/// <summary>
/// A request body read whole into a pooled buffer, gunzipping <c>Content-Encoding: gzip</c>, refusing more than the limit (413)
/// before and after decompression. Bodies are up to 500 KB: fresh arrays of that size land on the large object heap and only
/// a full collection frees them, so under load the buffer is rented (sized from Content-Length when there is one) and
/// returned on <see cref="Dispose"/> — after which nothing may keep a slice of <see cref="Memory"/>.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int InitialBytes = 64 * 1024;

    private byte[] _buffer;
    private int _length;

    private RequestBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
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

        // One byte more than announced, so that the read that finds the end does not need a bigger buffer.
        var body = new RequestBody(!gzip && request.ContentLength is { } announced ? (int)announced + 1 : InitialBytes);
        try
        {
            await using var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
            await body.FillAsync(source, maxBytes, cancellationToken);
            return body;
        }
        catch (InvalidDataException ex)
        {
            body.Dispose();
            throw new HttpProblemException(StatusCodes.Status400BadRequest, "request.invalid_gzip", "The body is not valid gzip.", null, ex);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
    }

    private async Task FillAsync(System.IO.Stream source, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_length == _buffer.Length)
            {
                if (_length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxBytes + 1));
                _buffer.AsSpan(0, _length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            var read = await source.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
            if (read == 0)
            {
                return;
            }

            _length += read;
            if (_length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
        }
    }

    private static HttpProblemException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "collector.batch_too_large", $"The request body is over {maxBytes} bytes (after decompression).");
}
