using System.Globalization;

namespace Cartwheel.Tests.Warehouse;

/// <summary>
/// Gold SQL tested as data (sqllogictest / dbt spirit): each folder under <c>GoldCases/</c> holds bronze
/// inputs named <c>&lt;kind&gt;.&lt;yyyy-MM-dd&gt;.jsonl|csv</c>, a <c>query.txt</c> over the warehouse and the
/// <c>expected.csv</c> rows (header = column names) after a run over all input dates.
/// </summary>
public sealed class GoldCaseTests
{
    public static TheoryData<string> Cases() =>
        new(Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Warehouse", "GoldCases")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_RunOverInputs_QueryReturnsExpectedRows(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Warehouse", "GoldCases", name);
        using var f = new BronzeFixture();
        var dates = new List<DateOnly>();
        foreach (var input in Directory.GetFiles(folder).Where(p => p.EndsWith(".jsonl", StringComparison.Ordinal) || (p.EndsWith(".csv", StringComparison.Ordinal) && !p.EndsWith("expected.csv", StringComparison.Ordinal))))
        {
            var parts = Path.GetFileName(input).Split('.');
            var date = DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            dates.Add(date);
            var lines = File.ReadAllLines(input).Where(l => l.Length > 0).ToArray();
            if (parts[2] == "csv")
            {
                f.Csv(parts[0], date, lines[0], lines[1..]);
            }
            else
            {
                f.Json(parts[0], date, lines);
            }
        }

        f.Runner().RunRange(dates.Min(), dates.Max(), cancellationToken: TestContext.Current.CancellationToken);

        var actual = new List<string>();
        using (var reader = f.Warehouse.Reader(File.ReadAllText(Path.Combine(folder, "query.txt"))))
        {
            actual.Add(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
            while (reader.Read())
            {
                actual.Add(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i =>
                    reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }

        actual.ShouldBe(File.ReadAllLines(Path.Combine(folder, "expected.csv")).Where(l => l.Length > 0).ToList());
    }
}
