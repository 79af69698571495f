using IommuSim.Devices;
using IommuSim.Model.Spec;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Overrides;

namespace IommuSim.Experiments;

/// <summary>
/// A scenario to run from code: read from a file, or built call by call, each call returning a new scenario.
/// It is the document a scenario file holds, read and checked by the same loader and binder as
/// <c>iommusim run</c>: keys, units, ranges, variants and sweeps mean what <c>docs/scenarios.md</c> says.
/// </summary>
/// <remarks>
/// A call that brings a wrong key or value throws a <see cref="ScenarioException"/> at once, naming the key
/// (<c>With("host.mode"): error: host.mode: ...</c>). What only the whole scenario can tell (no device yet, say)
/// is thrown when it is needed: by <see cref="Variants"/>, <see cref="Spec"/> and <see cref="Run"/>.
/// </remarks>
/// <example>
/// <code>
/// var results = Scenario.Load("scenarios/quickstart.yaml").With("host.mode", "strict").Run();
/// </code>
/// </example>
public sealed class Scenario
{
    private readonly MapNode _document;
    private readonly string _source;
    private readonly LoadOutcome _outcome;

    private Scenario(MapNode document, string source, ProblemList problems, string? check)
    {
        _document = document;
        _source = source;
        // A value the call could not turn into a node is the whole story: binding the empty node left in its place
        // would add a second, misleading problem (found an empty value).
        if (check is not null && problems.Count > 0) throw Failure(problems.Sorted());
        _outcome = ScenarioLoader.LoadDocument(document, source, [], problems);
        // Problems at the call just made are its caller's to see now; the rest wait until the scenario is used.
        var own = _outcome.Problems.Where(p => check is null || p.Location.Source == check).ToList();
        if (own.Count > 0 && !_outcome.Ok) throw Failure(own);
    }

    /// <summary>Reads the scenario file at <paramref name="path"/> (YAML or JSON), as <c>iommusim run</c> does.</summary>
    /// <exception cref="ScenarioException">The file cannot be read, or is not a valid scenario.</exception>
    public static Scenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? text = ScenarioFile.Read(path, out string? problem);
        if (text is null) throw new ScenarioException([new ScenarioProblem(SourceLocation.Whole(path.Length == 0 ? "\"\"" : path), problem!).ToString()]);
        return Parse(text, path);
    }

    /// <summary>Reads scenario text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ScenarioException">The text is not a valid scenario.</exception>
    public static Scenario Parse(string text, string source = "scenario.yaml")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var problems = new ProblemList();
        var root = YamlTreeReader.Read(text, source, problems);
        if (root is not MapNode document)
        {
            if (root is not null) problems.Add(root.Location, $"found {root.Describe()}; expected a mapping of scenario keys");
            throw Failure(problems.Sorted());
        }
        return new Scenario(document, source, problems, check: null);
    }

    /// <summary>
    /// An empty scenario named <paramref name="name"/>: every key at its default and no device yet
    /// (add them with <see cref="WithDevice(string, string, ValueTuple{string, object}[])"/>).
    /// </summary>
    public static Scenario New(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var at = SourceLocation.Whole($"Scenario.New(\"{name}\")");
        var problems = new ProblemList();
        var document = new MapNode([new MapEntry(new ScalarNode("name", false, at), ScenarioValues.Node(name, at, problems))], at);
        return new Scenario(document, at.Source, problems, check: "");
    }

    /// <summary>The scenario <paramref name="spec"/> describes, with every key it holds, checked as a file would be.</summary>
    /// <exception cref="ScenarioException">A value is out of range or the records do not fit together.</exception>
    public static Scenario From(ScenarioSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var at = SourceLocation.Whole("Scenario.From(spec)");
        var problems = new ProblemList();
        var node = ScenarioValues.Node(spec, at, problems);
        if (node is not MapNode document) throw Failure(problems.Sorted());
        return new Scenario(document, at.Source, problems, check: null);
    }

    /// <summary>
    /// This scenario with the value at dotted <paramref name="path"/> set to <paramref name="value"/>, as if written in
    /// the file: variants and sweep points change it as they change what a file says. Paths name list items by index
    /// or name (<c>devices.nic0.rate</c>); sections left out are created. A string is one value's text (<c>"10Gbps"</c>,
    /// <c>"strict"</c>), never YAML; quantities may also be given as their types (<c>BitRate.Parse("10Gbps")</c>), enums
    /// as themselves, null to unset an optional key, and a section as a dictionary or a spec record (all its keys).
    /// </summary>
    /// <exception cref="ScenarioException">The path or the value is wrong; the message names the key.</exception>
    public Scenario With(string path, object? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var at = SourceLocation.Whole($"With(\"{Scenarios.Metadata.Excerpt.Of(path)}\")");
        var problems = new ProblemList();
        var change = new Override(path, at, ScenarioValues.Node(value, at, problems), OverrideOrigin.Set);
        var document = OverrideApplier.Apply(_document, change, problems, out _);
        return new Scenario(document, _source, problems, at.Source);
    }

    /// <summary>
    /// This scenario with a device added: <paramref name="type"/> (<c>dma-stream</c>, <c>nic</c>, <c>nvme</c>,
    /// <c>accelerator</c>, <c>replay</c>) named <paramref name="name"/>, with <paramref name="keys"/> (its required keys
    /// at least) and every other key at its default; change them later with <c>With("devices.NAME.key", value)</c>.
    /// </summary>
    /// <exception cref="ScenarioException">The type is unknown, a key or value is wrong or missing, or the name is taken.</exception>
    public Scenario WithDevice(string name, string type, params (string Key, object? Value)[] keys)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(keys);
        var at = SourceLocation.Whole($"WithDevice(\"{Scenarios.Metadata.Excerpt.Of(name)}\")");
        var problems = new ProblemList();
        var device = new MapNode([
            new MapEntry(new ScalarNode("name", false, at), ScenarioValues.Node(name, at, problems)),
            new MapEntry(new ScalarNode(Scenarios.Metadata.SpecTypes.TypeKey, false, at), ScenarioValues.Node(type, at, problems)),
            .. keys.Select(k => new MapEntry(new ScalarNode(k.Key, false, at), ScenarioValues.Node(k.Value, at, problems))),
        ], at);
        return AddDevice(device, at, problems);
    }

    /// <summary>This scenario with <paramref name="device"/> added, every key as the record holds it.</summary>
    /// <exception cref="ScenarioException">A value is out of range or the name is taken.</exception>
    public Scenario WithDevice(DeviceSpec device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var at = SourceLocation.Whole($"WithDevice({device.GetType().Name} \"{Scenarios.Metadata.Excerpt.Of(device.Name)}\")");
        var problems = new ProblemList();
        return AddDevice(ScenarioValues.Node(device, at, problems), at, problems);
    }

    /// <summary>
    /// This scenario with variant <paramref name="name"/>: the scenario with <paramref name="changes"/> applied, run
    /// after <c>base</c> and the variants before it (as a file's <c>variants</c> entry; the same name replaces it).
    /// </summary>
    /// <exception cref="ScenarioException">A path or a value is wrong; the message names the key.</exception>
    public Scenario WithVariant(string name, params (string Path, object? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(changes);
        var at = SourceLocation.Whole($"WithVariant(\"{Scenarios.Metadata.Excerpt.Of(name)}\")");
        var problems = new ProblemList();
        var variant = new MapNode(changes.Select(c => new MapEntry(new ScalarNode(c.Path, false, at), ScenarioValues.Node(c.Value, at, problems))).ToList(), at);
        var variants = _document.Find(FileKeys.Variants)?.Value as MapNode ?? new MapNode([], at);
        return WithRootKey(FileKeys.Variants, variants.With(new ScalarNode(name, false, at), variant), at, problems);
    }

    /// <summary>
    /// This scenario swept over <paramref name="values"/> at dotted <paramref name="path"/>: every combination with the
    /// other swept paths runs as a variant named <c>path=value,...</c> (crossed with the named variants), as a file's
    /// <c>sweep</c> does; the same path replaces its values.
    /// </summary>
    /// <exception cref="ScenarioException">The path or a value is wrong; the message names the key.</exception>
    public Scenario WithSweep(string path, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(values);
        var at = SourceLocation.Whole($"WithSweep(\"{Scenarios.Metadata.Excerpt.Of(path)}\")");
        var problems = new ProblemList();
        var list = new ListNode(values.Select(v => ScenarioValues.Node(v, at, problems)).ToList(), at);
        var sweep = _document.Find(FileKeys.Sweep)?.Value as MapNode ?? new MapNode([], at);
        return WithRootKey(FileKeys.Sweep, sweep.With(new ScalarNode(path, false, at), list), at, problems);
    }

    /// <summary>This scenario without its <c>base</c> variant (<c>include_base: false</c>): only the named variants run.</summary>
    public Scenario WithoutBase()
    {
        var at = SourceLocation.Whole("WithoutBase()");
        return WithRootKey(FileKeys.IncludeBase, new ScalarNode("false", false, at), at, new ProblemList());
    }

    /// <summary>The scenario's name (its first variant's <c>name</c>).</summary>
    public string Name => Loaded().Variants[0].Spec.Name;

    /// <summary>The variants that run, in run and output order (<c>base</c> first unless left out).</summary>
    /// <exception cref="ScenarioException">The scenario is not complete or not valid.</exception>
    public IReadOnlyList<string> Variants => [.. Loaded().Variants.Select(v => v.Name)];

    /// <summary>The fully bound spec of <paramref name="variant"/> (default: the first), every default filled in.</summary>
    /// <exception cref="ScenarioException">The scenario is not complete or not valid.</exception>
    /// <exception cref="ArgumentException">There is no such variant.</exception>
    public ScenarioSpec Spec(string? variant = null)
    {
        var loaded = Loaded();
        if (variant is null) return loaded.Variants[0].Spec;
        return loaded.Variants.FirstOrDefault(v => v.Name == variant)?.Spec
               ?? throw new ArgumentException($"no variant '{variant}'; expected one of {string.Join(", ", loaded.Variants.Select(v => v.Name))}", nameof(variant));
    }

    /// <summary>
    /// Runs every replication of every variant on up to <paramref name="parallelism"/> threads (default: one per core)
    /// and returns the results. The figures depend on the scenario and its seeds only, not on the thread count.
    /// </summary>
    /// <exception cref="ScenarioException">The scenario is not valid, or cannot be set up as written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Results Run(int? parallelism = null, CancellationToken cancellationToken = default)
    {
        if (parallelism is < 1) throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "expected at least 1");
        return ScenarioBatch.Run(Loaded(), parallelism ?? Environment.ProcessorCount, cancellationToken);
    }

    /// <summary>
    /// Runs replication 0 of <paramref name="variant"/> (default: the first) and returns its Linux <c>iommu</c> trace
    /// events as <c>iommusim trace</c> writes them: ftrace text of kernel <paramref name="kernel"/> (<c>current</c>,
    /// <c>5.17</c> or <c>4.x</c>) and a trace-cmd .dat, keeping the first <paramref name="limit"/> events (default: all).
    /// Meant for fixtures: the whole trace is held in memory.
    /// </summary>
    /// <exception cref="ScenarioException">The scenario is not valid, or cannot be set up as written.</exception>
    /// <exception cref="ArgumentException">No such variant or kernel, or a negative limit.</exception>
    public TraceFixture Trace(string? variant = null, string kernel = "current", long? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "expected 0 or more");
        var spec = Spec(variant);
        var profile = Observe.Ftrace.FtraceProfile.FromName(kernel);
        var loaded = Loaded();
        return ScenarioTracing.Record(loaded, spec, variant ?? loaded.Variants[0].Name, profile, limit, cancellationToken);
    }

    /// <summary>The scenario as loaded: its variants, bound (for the library's own use).</summary>
    internal LoadedScenario Loaded() => _outcome.Ok ? _outcome.Scenario! : throw Failure(_outcome.Problems);

    /// <summary>The name and variants, or the first problem.</summary>
    public override string ToString() =>
        _outcome.Ok ? $"{Name}: {string.Join(", ", Variants)}" : $"{_source}: {_outcome.Problems.Count} problem(s): {_outcome.Problems[0]}";

    private Scenario AddDevice(SpecNode device, SourceLocation at, ProblemList problems)
    {
        var devices = _document.Find("devices")?.Value;
        if (devices is not null and not ListNode and not ScalarNode { IsNull: true })
        {
            problems.Add(at, $"devices is {devices.Describe()}, not a list; expected a list of devices");
            throw Failure(problems.Sorted());
        }
        var items = devices is ListNode list ? list.Items : [];
        return WithRootKey("devices", new ListNode([.. items, device], devices?.Location ?? at), at, problems);
    }

    private Scenario WithRootKey(string key, SpecNode value, SourceLocation at, ProblemList problems) =>
        new(_document.With(_document.Find(key)?.Key ?? new ScalarNode(key, false, at), value), _source, problems, at.Source);

    private static ScenarioException Failure(IEnumerable<ScenarioProblem> problems) => new([.. problems.Select(p => p.ToString())]);
}
