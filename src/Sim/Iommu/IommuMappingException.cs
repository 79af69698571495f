namespace IommuSim.Iommu;

/// <summary>
/// A map or unmap request that the page table refused. Nothing was changed.
/// An exception, not a result value, because every such request is a bug in the caller (the host model
/// chooses IOVAs and sizes); <see cref="Error"/> lets callers and tests tell the cases apart.
/// </summary>
public sealed class IommuMappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IommuMappingException(MappingError error, string message) : base(message) => Error = error;

    /// <summary>Which rule the request broke.</summary>
    public MappingError Error { get; }
}
