using IommuSim.Scenarios.Metadata;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// Builds the <see cref="SpecNode"/> tree of one YAML document from the parser's events, with an explicit
/// stack rather than recursion, so no input can exhaust the call stack. Aliases stand for nodes read to their
/// end and are shared, not copied; an alias inside the node it names is refused where it is written, before
/// anything walks the tree. So is a document beyond <see cref="TreeLimits"/>, at the first node too deep and at
/// the node (usually an alias) that makes it too large, aliases counted as copies of what they name: that is
/// what the tree's walks cost, whatever the sharing saves in memory.
/// </summary>
internal sealed class YamlDocumentBuilder
{
    /// <summary>The message for events that stop before the structure is closed.</summary>
    public const string Unclosed =
        "invalid YAML: a '[' list or '{' mapping is not closed, or the structure ends unexpectedly; expected a YAML or JSON document";

    private readonly PositionTrackingParser _parser;
    private readonly Func<Mark, SourceLocation> _at;
    private readonly Stack<OpenCollection> _open = new();
    private readonly AnchorTable _anchors = new();
    // The expanded size of everything read so far: it only grows, so a collection's size is the growth over it.
    private ExpandedSize _size;

    /// <param name="parser">The events, positioned on the document's <see cref="DocumentStart"/>.</param>
    /// <param name="at">The location of a position in the text.</param>
    public YamlDocumentBuilder(PositionTrackingParser parser, Func<Mark, SourceLocation> at)
    {
        _parser = parser;
        _at = at;
    }

    /// <summary>Problems that drop a key or a merged value but leave the rest of the document usable.</summary>
    public ProblemList Problems { get; } = new();

    /// <summary>The problem that stopped the read (the document is then unusable), or null.</summary>
    public ScenarioProblem? Refusal { get; private set; }

    /// <summary>Reads up to and including the document's end: its root node, or null with <see cref="Refusal"/> set.</summary>
    public SpecNode? Build()
    {
        SpecNode? root = null;
        while (true)
        {
            var e = _parser.MoveNext() ? _parser.Current : null;
            BuiltNode? complete;
            switch (e)
            {
                case null:
                    return Refuse(_at(_parser.LastEnd), Unclosed);
                case DocumentEnd:
                    return root;
                case Scalar scalar:
                    complete = Read(scalar);
                    break;
                case AnchorAlias alias:
                    complete = Resolve(alias);
                    break;
                case SequenceStart start:
                    if (!Begin(new OpenList(_at(start.Start), AnchorOf(start), _size), "list")) return null;
                    continue;
                case MappingStart start:
                    if (!Begin(new OpenMapping(_at(start.Start), AnchorOf(start), _size), "mapping")) return null;
                    continue;
                case SequenceEnd or MappingEnd:
                    complete = End();
                    break;
                default:
                    return Refuse(_at(e.Start), "an unsupported YAML node; expected a mapping, a list or a value");
            }
            if (complete is not { } node) return null;
            if (_open.Count == 0) root = node.Node;
            else if (_open.Peek().Add(node, Problems) is { } refusal) return Refuse(refusal.Location, refusal.Message);
        }
    }

    private BuiltNode? Read(Scalar scalar)
    {
        var location = _at(scalar.Start);
        var size = ExpandedSize.Scalar(scalar.Value);
        if (!Grow(size, location, null)) return null;
        bool plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        var node = new BuiltNode(new ScalarNode(scalar.Value, plain && ScalarNode.IsNullText(scalar.Value), location),
            scalar.Tag.IsEmpty ? "" : scalar.Tag.Value, plain, 0, size);
        if (AnchorOf(scalar) is { } anchor) _anchors.Define(anchor, node);
        return node;
    }

    private BuiltNode? Resolve(AnchorAlias alias)
    {
        string name = alias.Value.Value;
        string quoted = Excerpt.Of(name);
        var location = _at(alias.Start);
        switch (_anchors.Resolve(name, out var target))
        {
            case AliasTarget.Undefined:
                Refuse(location, $"invalid YAML: alias *{quoted} refers to no anchor before it; expected an anchor &{quoted} on a node written before the alias");
                return null;
            case AliasTarget.Open:
                Refuse(location, $"alias *{quoted} refers to a node that contains it (a recursive alias); " +
                                 $"expected an alias of a node complete before it, e.g. defaults: &{quoted} {{...}} then <<: *{quoted}");
                return null;
        }
        int depth = _open.Count + target.Height;
        if (depth > TreeLimits.MaxDepth)
        {
            Refuse(location, $"alias *{quoted} nests lists and mappings {depth} levels deep; {DepthExpected}");
            return null;
        }
        return Grow(target.Size, location, quoted) ? target : null;
    }

    private static string DepthExpected => $"expected at most {TreeLimits.MaxDepth} levels of lists and mappings (a scenario needs about 8)";

    private bool Begin(OpenCollection collection, string kind)
    {
        if (_open.Count + 1 > TreeLimits.MaxDepth)
        {
            Refuse(collection.Location, $"a {kind} nested {_open.Count + 1} levels deep; {DepthExpected}");
            return false;
        }
        if (!Grow(ExpandedSize.Collection, collection.Location, null)) return false;
        if (collection.Anchor is { } anchor) _anchors.Open(anchor);
        _open.Push(collection);
        return true;
    }

    private BuiltNode End()
    {
        var collection = _open.Pop();
        var node = new BuiltNode(collection.Close(), "", false, collection.Height, _size - collection.Before);
        if (collection.Anchor is { } anchor) _anchors.Define(anchor, node);
        return node;
    }

    /// <summary>Adds a node's expanded size to the document's, or refuses it (at the alias <paramref name="alias"/>, if one) when that is too much.</summary>
    private bool Grow(ExpandedSize size, SourceLocation location, string? alias)
    {
        var total = _size + size;
        string? beyond = total.Nodes > TreeLimits.MaxExpandedNodes ? Invariant($"{TreeLimits.MaxExpandedNodes:N0} nodes")
            : total.Characters > TreeLimits.MaxExpandedCharacters ? Invariant($"{TreeLimits.MaxExpandedCharacters:N0} characters of text")
            : null;
        if (beyond is null)
        {
            _size = total;
            return true;
        }
        const string counted = "lists, mappings, keys and values, each alias counted as a copy of the node it names";
        Refuse(location, alias is null
            ? $"the document grows beyond {beyond} here ({counted}); expected a smaller scenario"
            : Invariant($"alias *{alias} ({size.Nodes:N0} nodes, {size.Characters:N0} characters once expanded)") + $" makes the document larger than {beyond} " +
              $"({counted}: an alias bomb?); expected fewer or smaller aliases");
        return false;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string? AnchorOf(NodeEvent e) => e.Anchor.IsEmpty ? null : e.Anchor.Value;

    private SpecNode? Refuse(SourceLocation location, string message)
    {
        Refusal = new ScenarioProblem(location, message);
        return null;
    }
}
