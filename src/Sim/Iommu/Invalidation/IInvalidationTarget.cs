namespace IommuSim.Iommu;

/// <summary>
/// A component whose caches an <see cref="InvalidationQueue"/> invalidates (the translation unit; an interrupt
/// remapping unit for interrupt-entry-cache descriptors).
/// </summary>
public interface IInvalidationTarget
{
    /// <summary>Applies the effect of <paramref name="descriptor"/>, at the time its processing completes; ignores kinds it has no cache for.</summary>
    void Apply(in InvalidationDescriptor descriptor);
}
