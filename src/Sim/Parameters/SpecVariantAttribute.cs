namespace IommuSim.Parameters;

/// <summary>
/// Names the concrete record a polymorphic list item binds to by its <c>type</c> key, e.g.
/// <c>[SpecVariant("dma-stream")]</c> on <c>DmaStreamSpec : DeviceSpec</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SpecVariantAttribute : Attribute
{
    /// <summary>Declares the <c>type</c> value <paramref name="typeName"/>.</summary>
    public SpecVariantAttribute(string typeName) => TypeName = typeName;

    /// <summary>The value of the <c>type</c> key that selects this record.</summary>
    public string TypeName { get; }
}
