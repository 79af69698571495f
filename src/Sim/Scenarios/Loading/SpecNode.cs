using System.Text;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Loading;

/// <summary>
/// A node of a scenario document: the YAML tree with every node's origin, immutable so variants
/// share the unchanged parts of the base document and overrides rebuild only the path they change.
/// </summary>
internal abstract class SpecNode
{
    protected SpecNode(SourceLocation location) => Location = location;

    /// <summary>Where the node starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>"a mapping", "a list" or "the value 'x'", for messages about the wrong kind of node.</summary>
    public abstract string Describe();

    /// <summary>
    /// The node on one line in YAML flow style (<c>strict</c>, <c>{duration: 3ms, seed: 2}</c>, <c>[1, 2]</c>;
    /// quotes dropped), for messages that quote a value: past <see cref="Excerpt.MaxLength"/> characters it
    /// stops with "...", without writing out the rest of a large node.
    /// </summary>
    public string Flow()
    {
        var text = new StringBuilder();
        WriteFlow(text, Excerpt.MaxLength + 1);
        return text.Length > Excerpt.MaxLength ? text.ToString(0, Excerpt.MaxLength) + "..." : text.ToString();
    }

    /// <summary>Appends the node in flow style to <paramref name="text"/>, stopping once it holds <paramref name="limit"/> characters.</summary>
    internal abstract void WriteFlow(StringBuilder text, int limit);

    /// <summary>Appends as much of <paramref name="value"/> as fits before <paramref name="limit"/>.</summary>
    protected static void AppendUpTo(StringBuilder text, string value, int limit) =>
        text.Append(value, 0, Math.Min(value.Length, Math.Max(0, limit - text.Length)));
}
