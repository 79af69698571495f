using IommuSim.Host;
using IommuSim.Iommu;

namespace IommuSim.Model;

/// <summary>
/// The host's <see cref="IIotlbInvalidator"/> over the IOMMU's <see cref="InvalidationQueue"/>: an IOTLB
/// descriptor (page-selective for a range, domain-selective for a domain) followed by a wait descriptor
/// whose completion calls the host back, as Linux's qi_flush_iotlb plus qi_submit_sync do.
/// </summary>
public sealed class QueuedIotlbInvalidator : IIotlbInvalidator
{
    private sealed class Completion
    {
        public QueuedIotlbInvalidator Owner = null!;
        public Action<object?, long> Callback = null!;
        public object? State;
        public long Token;
        public Completion? Next;
    }

    private static readonly Action<object?> Done = static s =>
    {
        var c = (Completion)s!;
        var (callback, state, token) = (c.Callback, c.State, c.Token);
        c.Owner.Return(c);
        callback(state, token);
    };

    private readonly InvalidationQueue _queue;
    private Completion? _free;

    /// <summary>Range invalidations submitted: strict unmaps' synchronous flushes (iommu_iotlb_sync).</summary>
    public long RangeInvalidations { get; private set; }

    /// <summary>Domain invalidations submitted: flush-queue flushes (flush_iotlb_all).</summary>
    public long DomainInvalidations { get; private set; }

    /// <summary>Zeroes the submission counters.</summary>
    public void ResetCounters() => RangeInvalidations = DomainInvalidations = 0;

    /// <summary>Submits to <paramref name="queue"/>.</summary>
    public QueuedIotlbInvalidator(InvalidationQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
    }

    /// <inheritdoc/>
    public void InvalidateRange(Domain domain, ulong iova, ulong size, bool leafOnly, Action<object?, long> onComplete, object? state, long token)
    {
        ArgumentNullException.ThrowIfNull(domain);
        RangeInvalidations++;
        _queue.Submit(InvalidationDescriptor.IotlbRange(domain.Id, iova, size, leafOnly));
        _queue.Submit(InvalidationDescriptor.Wait(Done, Rent(onComplete, state, token)));
    }

    /// <inheritdoc/>
    public void InvalidateDomain(Domain domain, Action<object?, long> onComplete, object? state, long token)
    {
        ArgumentNullException.ThrowIfNull(domain);
        DomainInvalidations++;
        _queue.Submit(InvalidationDescriptor.IotlbDomain(domain.Id));
        _queue.Submit(InvalidationDescriptor.Wait(Done, Rent(onComplete, state, token)));
    }

    // Completions are pooled: strict mode invalidates on every unmap, so this path is hot.
    private Completion Rent(Action<object?, long> callback, object? state, long token)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var c = _free ?? new Completion { Owner = this };
        _free = c.Next;
        c.Next = null;
        c.Callback = callback;
        c.State = state;
        c.Token = token;
        return c;
    }

    private void Return(Completion c)
    {
        c.Callback = null!;
        c.State = null;
        c.Next = _free;
        _free = c;
    }
}
