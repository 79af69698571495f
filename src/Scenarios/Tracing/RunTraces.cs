using System.Text;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Running;

namespace IommuSim.Scenarios.Tracing;

/// <summary>
/// The traces of <c>run --trace</c>: replication 0 of every variant is traced, each variant into its own files in a
/// private temporary directory while the runs go on, then moved in with the other outputs (all or nothing).
/// Named <c>trace.txt</c> / <c>trace.dat</c> for a single variant, <c>trace-&lt;variant&gt;</c> for several.
/// </summary>
internal sealed class RunTraces : IDisposable
{
    private readonly TraceSettings _settings;
    private readonly string _directory = Directory.CreateTempSubdirectory("iommusim-trace-").FullName;
    private readonly Dictionary<string, string> _baseNames = [];

    /// <summary>Traces the variants of <paramref name="scenario"/> as <paramref name="settings"/> say.</summary>
    public RunTraces(LoadedScenario scenario, TraceSettings settings)
    {
        _settings = settings;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in scenario.Variants)
        {
            string name = scenario.Variants.Count == 1 ? "trace" : "trace-" + FileSafe(v.Name);
            string unique = name;
            for (int n = 2; !taken.Add(unique); n++) unique = $"{name}-{n}";
            _baseNames[v.Name] = unique;
        }
    }

    /// <summary>A runner that traces replication 0 of each variant and runs the others as <paramref name="plain"/> does.</summary>
    public ReplicationRunner Wrap(ReplicationRunner plain, TracedReplicationRunner traced) => (spec, variant, replication, progress, token) =>
    {
        if (replication != 0) return plain(spec, variant, replication, progress, token);
        using var files = new TraceFiles(Path.Combine(_directory, _baseNames[variant]), _settings, spec.Host.Cpus);
        var result = traced(spec, variant, replication, progress, token, files.Selection);
        files.Complete();
        return result;
    };

    /// <summary>Every trace file, by its temporary path and its name among the outputs.</summary>
    public IReadOnlyList<(string Source, string Name)> Files =>
        [.. _baseNames.Values.SelectMany(b => _settings.FilesFor(b).Select(f => (Path.Combine(_directory, f), f)))];

    /// <summary>The file names among the outputs, for the run's listing.</summary>
    public IReadOnlyList<string> FileNames => [.. Files.Select(f => f.Name)];

    /// <summary>Deletes the temporary directory and whatever is still in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    // Variant names hold '/', '=' and ','; keep what file systems take everywhere.
    private static string FileSafe(string name)
    {
        var b = new StringBuilder(name.Length);
        foreach (char c in name) b.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '=' or ',' or '+' ? c : '_');
        string s = b.ToString();
        return s.Length <= 200 ? s : s[..200];
    }
}
