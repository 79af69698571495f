using System.Globalization;
using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.Shipped;

/// <summary>One run of a shipped scenario, as the README's command runs it, with its CSVs read by column name.</summary>
internal sealed class ShippedRun : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ShippedRun(string scenario)
    {
        var (exit, _, err) = CliRunner.Run("run", RepositoryFiles.Path($"scenarios/{scenario}.yaml"), "--out", _dir["o"], "-q", "--jobs", "2");
        Assert.True(exit == 0, err);
        Stderr = err;
    }

    public string Stderr { get; }

    /// <summary>The rows of <paramref name="file"/> (e.g. summary.csv) as column-to-value maps.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(_dir["o"], file));
        var header = Split(lines[0]);
        return lines.Skip(1).Select(l => (IReadOnlyDictionary<string, string>)header.Zip(Split(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    /// <summary>The mean over replications of <paramref name="column"/> in the rows of <paramref name="variant"/> that match.</summary>
    public double Mean(string file, string column, string variant, Func<IReadOnlyDictionary<string, string>, bool>? where = null) =>
        Rows(file).Where(r => r["variant"] == variant && (where?.Invoke(r) ?? true)).Select(r => Number(r[column])).Average();

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The README with every run of white space as one space, so that sentences can be found across line breaks.</summary>
    public static string Readme { get; } = Regex.Replace(File.ReadAllText(RepositoryFiles.Path("README.md")), @"\s+", " ");

    // CSV fields: quoted variant names may hold commas.
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }

    public void Dispose() => _dir.Dispose();
}
