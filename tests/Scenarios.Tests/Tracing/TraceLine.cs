using System.Text.RegularExpressions;

namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>One event line of an ftrace text trace, split into its columns.</summary>
internal sealed partial record TraceLine(string Task, int Pid, int Cpu, string Flags, string Timestamp, string Event, string Text)
{
    [GeneratedRegex(@"^\s*(?<task>.+?)-(?<pid>\d+)\s+\[(?<cpu>\d{3})\]\s+(?<flags>\S{4,5})\s+(?<ts>\d+\.\d{6}): (?<event>\w+): (?<text>.*)$")]
    private static partial Regex Pattern();

    /// <summary>The event lines of a trace file (its header skipped), in order.</summary>
    public static IReadOnlyList<TraceLine> Read(string path) =>
        File.ReadLines(path).Where(l => !l.StartsWith('#')).Select(Parse).ToList();

    public static TraceLine Parse(string line)
    {
        var m = Pattern().Match(line);
        Assert.True(m.Success, $"not a trace line: '{line}'");
        return new TraceLine(m.Groups["task"].Value, int.Parse(m.Groups["pid"].Value), int.Parse(m.Groups["cpu"].Value),
            m.Groups["flags"].Value, m.Groups["ts"].Value, m.Groups["event"].Value, m.Groups["text"].Value);
    }

    /// <summary>The value of <c>name=</c> in the event's text.</summary>
    public string Field(string name)
    {
        var m = Regex.Match(Text, $@"(?:^|\s){Regex.Escape(name)}=(\S+)");
        Assert.True(m.Success, $"no {name}= in '{Text}'");
        return m.Groups[1].Value;
    }
}
