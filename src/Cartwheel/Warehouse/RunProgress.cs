namespace Cartwheel.Warehouse;

/// <summary>Progress of a pipeline run: <paramref name="Completed"/> of <paramref name="Total"/> steps, the current one named.</summary>
public sealed record RunProgress(string Step, int Completed, int Total);
