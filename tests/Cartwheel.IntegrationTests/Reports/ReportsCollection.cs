namespace Cartwheel.IntegrationTests.Reports;

/// <summary>The test classes that share one <see cref="ReportsFixture"/> (made once: the CLI steps take a while).</summary>
[CollectionDefinition(Name)]
public sealed class ReportsCollection : ICollectionFixture<ReportsFixture>
{
    public const string Name = "reports";
}
