using IommuSim.Host;
using IommuSim.Iommu;

namespace IommuSim.Model;

/// <summary>
/// Routes the host's IOTLB invalidations to the invalidation queue of the unit that translates the
/// domain: on a machine with several IOMMU units each domain lives on one unit.
/// </summary>
public sealed class DomainInvalidators : IIotlbInvalidator
{
    private readonly Dictionary<int, IIotlbInvalidator> _byDomain = [];

    /// <summary>Invalidations of <paramref name="domain"/> go to <paramref name="invalidator"/>.</summary>
    public void Register(Domain domain, IIotlbInvalidator invalidator)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(invalidator);
        _byDomain[domain.Id] = invalidator;
    }

    /// <inheritdoc/>
    public void InvalidateRange(Domain domain, ulong iova, ulong size, Action<object?, long> onComplete, object? state, long token) =>
        Of(domain).InvalidateRange(domain, iova, size, onComplete, state, token);

    /// <inheritdoc/>
    public void InvalidateDomain(Domain domain, Action<object?, long> onComplete, object? state, long token) =>
        Of(domain).InvalidateDomain(domain, onComplete, state, token);

    private IIotlbInvalidator Of(Domain domain) => _byDomain.TryGetValue(domain.Id, out var i) ? i
        : throw new InvalidOperationException($"domain {domain.Id} is on no IOMMU unit");
}
