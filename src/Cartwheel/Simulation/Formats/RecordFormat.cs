using System.Buffers;

namespace Cartwheel.Simulation.Formats;

/// <summary>How one file writes a record as a line, and how it breaks one for corruption injection.</summary>
internal abstract class RecordFormat<T> : IDisposable
{
    protected RecordFormat(string fileName, IReadOnlyList<CorruptionKind> corruptions)
    {
        FileName = fileName;
        Corruptions = corruptions;
    }

    /// <summary>The file name inside the output directory.</summary>
    public string FileName { get; }

    /// <summary>The corruption kinds this file may get, each with an unambiguous quarantine reason.</summary>
    public IReadOnlyList<CorruptionKind> Corruptions { get; }

    /// <summary>The CSV header line, or null for JSON lines.</summary>
    public virtual string? Header => null;

    /// <summary>Appends the clean line (without its newline) to <paramref name="buffer"/>.</summary>
    public abstract void WriteLine(T record, ArrayBufferWriter<byte> buffer);

    /// <summary>The corrupt line that replaces <paramref name="record"/>; <paramref name="choice"/> in [0, 1) picks the variant.</summary>
    public abstract string CorruptLine(T record, CorruptionKind kind, double choice);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    protected static NotSupportedException Unsupported(CorruptionKind kind) => new($"corruption {kind} is not used for this file");
}
