using Cartwheel.Contracts;

namespace Cartwheel.Ingest;

/// <summary>One file to ingest, or the reason it cannot be (<see cref="Error"/>: missing path, unknown kind).</summary>
internal sealed record InputFile(string Path, EntityKind? Kind, CartwheelException? Error)
{
    /// <summary>
    /// Expands paths (folders recursively, in name order; manifest.json and hidden files are ignored) and
    /// gives each file its kind: <paramref name="kind"/> when set, else from the file name. Files under
    /// <paramref name="managedFolders"/> (the data directory's lake, quarantine and reports) are never inputs.
    /// </summary>
    public static IReadOnlyList<InputFile> Expand(IReadOnlyList<string> paths, EntityKind? kind, IReadOnlyList<string> managedFolders)
    {
        var files = new List<InputFile>();
        foreach (var path in paths)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => !IsIgnored(System.IO.Path.GetRelativePath(full, f)))
                    .Where(f => !managedFolders.Any(m => f.StartsWith(m + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                    .Order(StringComparer.Ordinal)
                    .Select(f => Classify(f, kind)));
            }
            else if (File.Exists(full))
            {
                files.Add(Classify(full, kind));
            }
            else
            {
                files.Add(new InputFile(full, kind, new CartwheelException(ErrorCodes.InputNotFound, $"{path}: no such file or folder.")));
            }
        }

        return files;
    }

    private static bool IsIgnored(string relativePath) =>
        relativePath.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'))
        || System.IO.Path.GetFileName(relativePath).Equals("manifest.json", StringComparison.OrdinalIgnoreCase);

    private static InputFile Classify(string path, EntityKind? kind)
    {
        if (kind is not null)
        {
            return new InputFile(path, kind, null);
        }

        return EntityKinds.TryFromFileName(path, out var fromName)
            ? new InputFile(path, fromName, null)
            : new InputFile(path, null, new CartwheelException(ErrorCodes.UnknownKind,
                $"{path}: cannot tell the kind from the file name; name it after a kind ({string.Join(", ", EntityKinds.All.Select(EntityKinds.Name))}) or pass --kind."));
    }

    /// <summary>The text format from the file extension (a trailing .gz ignored).</summary>
    public InputFormat Format()
    {
        var name = System.IO.Path.GetFileName(Path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }

        return System.IO.Path.GetExtension(name) switch
        {
            ".jsonl" or ".json" or ".ndjson" => InputFormat.Jsonl,
            ".csv" => InputFormat.Csv,
            _ => throw new CartwheelException(ErrorCodes.InputUnsupported,
                $"{Path}: unsupported file type; expected .jsonl, .json or .ndjson (JSON lines) or .csv, optionally gzip-compressed (.gz)."),
        };
    }
}
