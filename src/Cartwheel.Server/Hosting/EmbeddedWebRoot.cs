using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Cartwheel.Server.Hosting;

/// <summary>
/// The dashboard's files, embedded in this assembly as <c>wwwroot/&lt;path&gt;</c> resources, so the server serves
/// them from any working directory and no copy can drift from the build. Files only; no directory listings.
/// </summary>
internal sealed class EmbeddedWebRoot : IFileProvider
{
    private static readonly Assembly Assembly = typeof(EmbeddedWebRoot).Assembly;
    private static readonly DateTimeOffset BuiltAt = Assembly.Location.Length > 0 ? File.GetLastWriteTimeUtc(Assembly.Location) : DateTimeOffset.UtcNow;

    public IFileInfo GetFileInfo(string subpath)
    {
        var name = "wwwroot/" + subpath.TrimStart('/');
        return Assembly.GetManifestResourceInfo(name) is null ? new NotFoundFileInfo(subpath) : new ResourceFile(name);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class ResourceFile(string name) : IFileInfo
    {
        public bool Exists => true;

        public long Length
        {
            get
            {
                using var stream = CreateReadStream();
                return stream.Length;
            }
        }

        public string? PhysicalPath => null;

        public string Name => Path.GetFileName(name);

        public DateTimeOffset LastModified => BuiltAt;

        public bool IsDirectory => false;

        public System.IO.Stream CreateReadStream() => Assembly.GetManifestResourceStream(name)!;
    }
}
