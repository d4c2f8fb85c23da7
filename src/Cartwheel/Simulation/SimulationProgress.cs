namespace Cartwheel.Simulation;

/// <summary>How far a streaming simulation run has come.</summary>
/// <param name="SessionsDone">Browsing sessions generated so far.</param>
/// <param name="SessionsTotal">Browsing sessions the run will generate.</param>
/// <param name="EventsGenerated">Click events generated so far.</param>
public sealed record SimulationProgress(long SessionsDone, long SessionsTotal, long EventsGenerated);
