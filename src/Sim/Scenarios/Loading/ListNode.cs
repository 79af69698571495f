using System.Text;

namespace IommuSim.Scenarios.Loading;

/// <summary>A YAML sequence.</summary>
internal sealed class ListNode : SpecNode
{
    public ListNode(IReadOnlyList<SpecNode> items, SourceLocation location) : base(location) => Items = items;

    /// <summary>The items in order.</summary>
    public IReadOnlyList<SpecNode> Items { get; }

    /// <summary>A copy with item <paramref name="index"/> replaced.</summary>
    public ListNode With(int index, SpecNode item)
    {
        var items = Items.ToArray();
        items[index] = item;
        return new ListNode(items, Location);
    }

    public override string Describe() => "a list";

    internal override void WriteFlow(StringBuilder text, int limit)
    {
        text.Append('[');
        for (int i = 0; i < Items.Count && text.Length < limit; i++)
        {
            if (i > 0) text.Append(", ");
            Items[i].WriteFlow(text, limit);
        }
        text.Append(']');
    }
}
