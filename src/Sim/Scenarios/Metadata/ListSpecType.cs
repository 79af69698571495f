namespace IommuSim.Scenarios.Metadata;

/// <summary>An <c>IReadOnlyList&lt;T&gt;</c>, written as a YAML sequence and bound to a T[].</summary>
internal sealed class ListSpecType : SpecType
{
    public ListSpecType(Type clrType, SpecType element) : base(clrType) => Element = element;

    /// <summary>The type of each item.</summary>
    public SpecType Element { get; }

    public override string Expected => $"a list, each item {Element.Expected}";
    public override string Label => "list of " + Element.Label;
}
