namespace Cartwheel.Orchestration;

/// <summary>The DAGs a host knows, by id. One instance per host; no static state.</summary>
public sealed class DagRegistry
{
    private readonly Dictionary<string, Dag> _dags = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DagRegistry(params IEnumerable<Dag> dags)
    {
        foreach (var dag in dags)
        {
            Add(dag);
        }
    }

    /// <summary>Registers a DAG; a second DAG with the same id is an error.</summary>
    public DagRegistry Add(Dag dag)
    {
        lock (_gate)
        {
            if (!_dags.TryAdd(dag.Id, dag))
            {
                throw new CartwheelException(ErrorCodes.DagInvalid, $"A DAG with id '{dag.Id}' is already registered.");
            }
        }

        return this;
    }

    /// <summary>Every registered DAG, by id.</summary>
    public IReadOnlyList<Dag> All
    {
        get
        {
            lock (_gate)
            {
                return _dags.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            }
        }
    }

    public bool TryGet(string dagId, out Dag dag)
    {
        lock (_gate)
        {
            return _dags.TryGetValue(dagId, out dag!);
        }
    }

    public Dag Get(string dagId) => TryGet(dagId, out var dag) ? dag
        : throw new CartwheelException(ErrorCodes.DagNotFound, $"No DAG '{dagId}'. Known: {string.Join(", ", All.Select(d => d.Id))}.");
}
