using IommuSim.Parameters;
namespace IommuSim.Model.Spec;

/// <summary>
/// A device issuing DMA. Concrete kinds derive from it and carry <see cref="SpecVariantAttribute"/>
/// with the value of their <c>type</c> key.
/// </summary>
public abstract record DeviceSpec
{
    /// <summary>Unique device name, used in outputs.</summary>
    [Param("name", "Unique device name, used in outputs: 1 to 64 printable characters.", Required = true)]
    public string Name { get; init; } = "";
}
