namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>Reads one column of a run's CSV output by name.</summary>
internal static class RunCsv
{
    /// <summary>The column <paramref name="column"/> of every row of replication 0 of <paramref name="variant"/>, the traced one.</summary>
    public static IReadOnlyList<string> Column(string path, string column, string variant = "base")
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int c = Array.IndexOf(header, column), v = Array.IndexOf(header, "variant"), r = Array.IndexOf(header, "replication");
        Assert.True(c >= 0, $"{path} has no column {column}");
        return lines.Skip(1).Select(l => l.Split(',')).Where(row => row[v] == variant && row[r] == "0").Select(row => row[c]).ToList();
    }

    /// <summary>The column summed over those rows (e.g. over IOMMU units).</summary>
    public static long Sum(string path, string column, string variant = "base") =>
        Column(path, column, variant).Sum(long.Parse);
}
