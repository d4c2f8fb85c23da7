namespace Cartwheel.IntegrationTests.Crash;

/// <summary>When the crash test kills the server in one of its lives.</summary>
internal enum KillMoment
{
    /// <summary>While the clients send (group commits, micro-batches, bronze renames and catalog commits all run).</summary>
    UnderLoad,

    /// <summary>Right after the server listens: inside recovery, the dedup rebuild or the first batches.</summary>
    AtStart,

    /// <summary>After the clients stopped, while the processor drains the backlog (no appends).</summary>
    Draining,
}
