using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Parses YAML (JSON is YAML too) with YamlDotNet's event parser and builds <see cref="SpecNode"/>s that keep
/// each node's line and column (<see cref="YamlDocumentBuilder"/>). Anchors, aliases and merge keys
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
        try
        {
            return ReadStream(parser, at, problems);
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
            problems.Add(at(parser.LastEnd), YamlDocumentBuilder.Unclosed);
            return null;
        }
    }

    private static SpecNode? ReadStream(PositionTrackingParser parser, Func<Mark, SourceLocation> at, ProblemList problems)
    {
        if (Next(parser) is not StreamStart) return EndsEarly(parser, at, problems);
        switch (Next(parser))
        {
            case StreamEnd:
                problems.Add(at(Mark.Empty), "the file is empty; expected a mapping with at least a 'devices' key");
                return null;
            case DocumentStart:
                break;
            default:
                return EndsEarly(parser, at, problems);
        }
        var builder = new YamlDocumentBuilder(parser, at);
        var root = builder.Build();
        if (builder.Refusal is { } refusal)
        {
            problems.Add(refusal);
            return null;
        }
        switch (Next(parser))
        {
            case StreamEnd:
                break;
            case DocumentStart:
                // Like a syntax error, a second document makes the first one's problems moot.
                if (Next(parser) is not { } second) return EndsEarly(parser, at, problems);
                SkipRest(parser, second);
                problems.Add(at(second.Start),
                    "a second YAML document ('---'); expected one scenario per file (use 'variants' for alternatives)");
                return null;
            default:
                return EndsEarly(parser, at, problems);
        }
        foreach (var p in builder.Problems.Sorted()) problems.Add(p);
        return root;
    }

    /// <summary>
    /// Reads the rest of the stream without building it, so a syntax error there is still reported first; it
    /// stops at nesting deeper than <see cref="TreeLimits.MaxDepth"/>, where YamlDotNet's scanner slows down
    /// with every level (the second document is refused anyway).
    /// </summary>
    private static void SkipRest(PositionTrackingParser parser, ParsingEvent root)
    {
        int depth = root is SequenceStart or MappingStart ? 1 : 0;
        while (Next(parser) is { } e and not StreamEnd)
        {
            if (e is SequenceStart or MappingStart && ++depth > TreeLimits.MaxDepth) return;
            if (e is SequenceEnd or MappingEnd) depth--;
        }
    }

    private static ParsingEvent? Next(PositionTrackingParser parser) => parser.MoveNext() ? parser.Current : null;

    private static SpecNode? EndsEarly(PositionTrackingParser parser, Func<Mark, SourceLocation> at, ProblemList problems)
    {
        problems.Add(at(parser.LastEnd), YamlDocumentBuilder.Unclosed);
        return null;
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
