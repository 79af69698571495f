using System.CommandLine;
using IommuSim.Observe.Ftrace;
using IommuSim.Observe.Recording;
using IommuSim.Observe.TraceDat;

namespace IommuSim.Scenarios.Tracing;

/// <summary>The options that say what a trace holds and how it is written, shared by <c>trace</c> and <c>run --trace</c>.</summary>
internal sealed class TraceOptions
{
    public Option<string> Format { get; } = new("--format")
    {
        Description = "text (PATH.txt, as /sys/kernel/tracing/trace prints it), dat (PATH.dat, a trace-cmd file) or both.",
        DefaultValueFactory = _ => "both",
    };

    public Option<string?> Events { get; } = new("--events")
    {
        Description = "Comma-separated iommu events to record (default: all the kernel defines): " +
                      string.Join(", ", IommuEventNames.All.Select(IommuEventNames.NameOf)) + ".",
    };

    public Option<long?> Limit { get; } = new("--limit") { Description = "Record at most this many events (the run still runs to its end)." };

    public Option<string> Kernel { get; } = new("--kernel")
    {
        Description = "Whose events and text: current (v6.3 on), 5.17 (v5.17-v6.2) or 4.x (about v4.4-v5.16).",
        DefaultValueFactory = _ => "current",
    };

    public Option<int> DatVersion { get; } = new("--dat-version")
    {
        Description = "trace-cmd file version: 7 (trace-cmd 3.x) or 6.",
        DefaultValueFactory = _ => 7,
    };

    public Option<string> Compression { get; } = new("--compression")
    {
        Description = "Compression of a version 7 file: none or zstd.",
        DefaultValueFactory = _ => "none",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Events);
        command.Options.Add(Limit);
        command.Options.Add(Kernel);
        command.Options.Add(DatVersion);
        command.Options.Add(Compression);
    }

    /// <summary>True when any of the options was given on the command line.</summary>
    public bool AnyGiven(ParseResult parse) =>
        new Option[] { Format, Events, Limit, Kernel, DatVersion, Compression }.Any(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>The settings the options give, or the problems with them (each naming its option).</summary>
    public (TraceSettings? Settings, IReadOnlyList<string> Problems) Read(ParseResult parse)
    {
        var problems = new List<string>();
        string formatText = parse.GetValue(Format) ?? "both";
        TraceFormat? format = formatText switch { "text" => TraceFormat.Text, "dat" => TraceFormat.Dat, "both" => TraceFormat.Both, _ => null };
        if (format is null) problems.Add($"--format: '{formatText}' is not text, dat or both");

        string kernelText = parse.GetValue(Kernel) ?? "current";
        var profile = FtraceProfile.All.FirstOrDefault(p => p.Name == kernelText);
        if (profile is null) problems.Add($"--kernel: '{kernelText}' is not current, 5.17 or 4.x");

        List<IommuEventKind>? kinds = null;
        if (parse.GetValue(Events) is { } list)
        {
            kinds = [];
            foreach (var raw in list.Split(','))
            {
                string name = raw.Trim();
                if (!IommuEventNames.TryParse(name, out var kind))
                    problems.Add($"--events: '{name}' is not an iommu event; the events are {string.Join(", ", IommuEventNames.All.Select(IommuEventNames.NameOf))}");
                else if (profile is not null && !IommuEventNames.IsDefined(profile, kind))
                    problems.Add($"--events: the {profile.Name} kernel has no {name} event (it was removed in v6.3); use --kernel 5.17 or 4.x");
                else if (!kinds.Contains(kind)) kinds.Add(kind);
            }
        }

        long? limit = parse.GetValue(Limit);
        if (limit is < 0) problems.Add($"--limit: {limit} is negative; give 0 or more events");

        int version = parse.GetValue(DatVersion);
        if (version is not (6 or 7)) problems.Add($"--dat-version: {version} is not 6 or 7");

        string compressionText = parse.GetValue(Compression) ?? "none";
        TraceDatCompression? compression = compressionText switch
        {
            "none" => TraceDatCompression.None, "zstd" => TraceDatCompression.Zstd, _ => null,
        };
        if (compression is null) problems.Add($"--compression: '{compressionText}' is not none or zstd");
        else if (compression == TraceDatCompression.Zstd && version == 6) problems.Add("--compression: zstd needs --dat-version 7 (version 6 files are not compressed)");

        if (problems.Count > 0) return (null, problems);
        return (new TraceSettings(format!.Value, profile!, kinds, limit, version == 6 ? TraceDatVersion.V6 : TraceDatVersion.V7, compression!.Value), []);
    }
}
