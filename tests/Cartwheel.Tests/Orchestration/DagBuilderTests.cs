using Cartwheel.Orchestration;

namespace Cartwheel.Tests.Orchestration;

public sealed class DagBuilderTests
{
    [Fact]
    public void Build_Cycle_ThrowsDagInvalid()
    {
        var builder = new DagBuilder("cyclic")
            .Task("a", _ => Task.CompletedTask, t => t.After("b"))
            .Task("b", _ => Task.CompletedTask, t => t.After("a"));

        Should.Throw<CartwheelException>(builder.Build).Message.ShouldBe("DAG 'cyclic' has a cycle among: a, b.");
    }

    [Fact]
    public void Build_UnknownUpstreamOrBadCron_ThrowsDagInvalid()
    {
        Should.Throw<CartwheelException>(() => new DagBuilder("d").Task("a", _ => Task.CompletedTask, t => t.After("x")).Build())
            .Code.ShouldBe(ErrorCodes.DagInvalid);
        Should.Throw<CartwheelException>(() => new DagBuilder("d").Schedule("every day").Task("a", _ => Task.CompletedTask).Build())
            .Code.ShouldBe(ErrorCodes.DagInvalid);
    }

    [Fact]
    public void Build_TasksDeclaredOutOfOrder_TopologicalOrderAndDescendants()
    {
        var dag = new DagBuilder("d")
            .Task("report", _ => Task.CompletedTask, t => t.After("gold"))
            .Task("ingest", _ => Task.CompletedTask)
            .Task("gold", _ => Task.CompletedTask, t => t.After("ingest"))
            .Task("other", _ => Task.CompletedTask, t => t.After("ingest"))
            .Build();

        dag.Tasks.Select(t => t.Id).ShouldBe(["ingest", "gold", "report", "other"]);
        dag.WithDescendants(["gold"]).Order(StringComparer.Ordinal).ShouldBe(["gold", "report"]);
        dag.MaxActiveRuns.ShouldBe(1);
        dag.Catchup.ShouldBeFalse();
    }

    [Fact]
    public void Registry_DuplicateId_Throws()
    {
        var dag = new DagBuilder("d").Task("a", _ => Task.CompletedTask).Build();
        var registry = new DagRegistry(dag);

        Should.Throw<CartwheelException>(() => registry.Add(dag)).Code.ShouldBe(ErrorCodes.DagInvalid);
        Should.Throw<CartwheelException>(() => registry.Get("nope")).Code.ShouldBe(ErrorCodes.DagNotFound);
    }
}
