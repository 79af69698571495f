using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Parses YAML (JSON is YAML too) with YamlDotNet's representation model and converts it to
/// <see cref="SpecNode"/>s that keep each node's line and column. Anchors, aliases and merge keys
/// (<c>&lt;&lt;: *anchor</c>) work, so a file can share settings between devices.
/// </summary>
internal static partial class YamlTreeReader
{
    /// <summary>
    /// The single document in <paramref name="text"/>, or null after adding the problem to
    /// <paramref name="problems"/>. <paramref name="source"/> names the text in locations; without
    /// <paramref name="positions"/> every node is located at the source as a whole (a command-line value).
    /// </summary>
    public static SpecNode? Read(string text, string source, ProblemList problems, bool positions = true)
    {
        var at = positions ? (Func<Mark, SourceLocation>)(mark => At(source, mark)) : _ => SourceLocation.Whole(source);
        var parser = new PositionTrackingParser(new Parser(new StringReader(text)));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            var where = at(ex.Start);
            // YamlDotNet places a tab-indentation error at the start of the mapping; point at the tab.
            if (positions && ex.Message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text) is { } tab)
                where = new SourceLocation(source, tab.Line, tab.Column);
            problems.Add(where, $"invalid YAML: {Explain(ex)}; expected a YAML or JSON document");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet gives up without a position on some unterminated flow collections.
            problems.Add(at(parser.LastEnd),
                "invalid YAML: a '[' list or '{' mapping is not closed, or the structure ends unexpectedly; expected a YAML or JSON document");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            problems.Add(at(Mark.Empty), "the file is empty; expected a mapping with at least a 'devices' key");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            problems.Add(at(stream.Documents[1].RootNode.Start),
                "a second YAML document ('---'); expected one scenario per file (use 'variants' for alternatives)");
            return null;
        }
        return Convert(stream.Documents[0].RootNode, at, problems);
    }

    private static SpecNode? Convert(YamlNode node, Func<Mark, SourceLocation> at, ProblemList problems)
    {
        var location = at(node.Start);
        switch (node)
        {
            case YamlScalarNode scalar:
                string value = scalar.Value ?? "";
                bool isNull = (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any) && ScalarNode.IsNullText(value);
                return new ScalarNode(value, isNull, location);
            case YamlSequenceNode sequence:
            {
                var items = new List<SpecNode>(sequence.Children.Count);
                foreach (var child in sequence.Children)
                    if (Convert(child, at, problems) is { } item) items.Add(item);
                return new ListNode(items, location);
            }
            case YamlMappingNode mapping:
            {
                var entries = new List<MapEntry>(mapping.Children.Count);
                var merged = new List<MapEntry>();
                foreach (var (k, v) in mapping.Children)
                {
                    if (k is not YamlScalarNode key || key.Value is null)
                    {
                        problems.Add(at(k.Start), "a key that is a list or a mapping; expected a plain key such as 'duration'");
                        continue;
                    }
                    if (Convert(v, at, problems) is not { } child) continue;
                    if (key.Value == MergeKey && (key.Style is ScalarStyle.Plain or ScalarStyle.Any)) Merge(child, merged, problems);
                    else entries.Add(new MapEntry(new ScalarNode(key.Value, false, at(k.Start)), child));
                }
                // Keys written in the mapping win over merged ones; among merged mappings, the first wins.
                foreach (var m in merged)
                    if (!entries.Any(e => e.Key.Value == m.Key.Value)) entries.Add(m);
                return new MapNode(entries, location);
            }
            default:
                problems.Add(location, "an unsupported YAML node; expected a mapping, a list or a value");
                return null;
        }
    }

    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int column = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            int tab = lines[i].IndexOf('\t');
            if (tab >= 0 && tab < column) return (i + 1, tab + 1);
        }
        return null;
    }

    /// <summary>The YAML merge key: <c>&lt;&lt;: *anchor</c> or <c>&lt;&lt;: [*a, *b]</c> copies the anchored mappings' keys.</summary>
    private const string MergeKey = "<<";

    private static void Merge(SpecNode value, List<MapEntry> merged, ProblemList problems)
    {
        var sources = value is ListNode list ? list.Items : [value];
        foreach (var source in sources)
        {
            if (source is not MapNode map)
            {
                problems.Add(source.Location, $"'{MergeKey}' merges {source.Describe()}; expected an alias of a mapping, e.g. <<: *defaults");
                continue;
            }
            foreach (var e in map.Entries)
                if (!merged.Any(m => m.Key.Value == e.Key.Value)) merged.Add(e);
        }
    }

    private static SourceLocation At(string source, Mark mark) =>
        new(source, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    /// <summary>YamlDotNet's message without the "(Line: 1, Col: 2, Idx: 3) - (...): " prefix we already print.</summary>
    private static string Explain(YamlException ex)
    {
        string message = PositionPrefix().Replace(ex.Message, "").Trim();
        return message.TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
