using System.Text;
using IommuSim.Scenarios.Metadata;

namespace IommuSim.Scenarios.Loading;

/// <summary>A YAML scalar: its text, and whether it is YAML's null (<c>~</c>, <c>null</c> or nothing, unquoted).</summary>
internal sealed class ScalarNode : SpecNode
{
    public ScalarNode(string value, bool isNull, SourceLocation location) : base(location)
    {
        Value = value;
        IsNull = isNull;
    }

    /// <summary>The text as written (without quotes).</summary>
    public string Value { get; }

    /// <summary>True for an unquoted <c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c> or empty value.</summary>
    public bool IsNull { get; }

    /// <summary>A scalar from command-line text, null by the same rules as a plain YAML scalar.</summary>
    public static ScalarNode Plain(string text, SourceLocation location) => new(text, IsNullText(text), location);

    /// <summary>The plain YAML spellings of null.</summary>
    public static bool IsNullText(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "an empty value" : $"the value '{Excerpt.Of(Value)}'";

    internal override void WriteFlow(StringBuilder text, int limit) =>
        AppendUpTo(text, IsNull ? "null" : Value.Length == 0 ? "''" : Value, limit);
}
