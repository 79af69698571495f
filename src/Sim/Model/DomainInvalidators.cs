using IommuSim.Host;
using IommuSim.Iommu;

namespace IommuSim.Model;

/// <summary>
/// Routes the host's IOTLB invalidations to the invalidation queue of the unit that translates the
/// domain: on a machine with several IOMMU units each domain lives on one unit.
/// </summary>
public sealed class DomainInvalidators : IIotlbInvalidator
{
    // By the domain itself: domain ids are per unit, so two units may each have a domain 2.
    private readonly Dictionary<Domain, IIotlbInvalidator> _byDomain = [];

    /// <summary>Invalidations of <paramref name="domain"/> go to <paramref name="invalidator"/>.</summary>
    public void Register(Domain domain, IIotlbInvalidator invalidator)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(invalidator);
        _byDomain[domain] = invalidator;
    }

    /// <inheritdoc/>
    public void InvalidateRange(Domain domain, ulong iova, ulong size, bool leafOnly, Action<object?, long> onComplete, object? state, long token) =>
        Of(domain).InvalidateRange(domain, iova, size, leafOnly, onComplete, state, token);

    /// <inheritdoc/>
    public void InvalidateDomain(Domain domain, Action<object?, long> onComplete, object? state, long token) =>
        Of(domain).InvalidateDomain(domain, onComplete, state, token);

    /// <summary>The invalidator <paramref name="domain"/> was registered with, or null.</summary>
    public IIotlbInvalidator? InvalidatorOf(Domain domain) => _byDomain.GetValueOrDefault(domain);

    private IIotlbInvalidator Of(Domain domain) => _byDomain.TryGetValue(domain, out var i) ? i
        : throw new InvalidOperationException($"domain {domain.Id} is on no IOMMU unit");
}
