namespace IommuSim.Iommu;

/// <summary>
/// One queued-invalidation descriptor. Build it with the factory methods; submit it to an
/// <see cref="InvalidationQueue"/>.
/// </summary>
/// <remarks>
/// Ranges follow VT-d's page-selective IOTLB invalidation: an address and an address mask AM select the
/// 2^AM pages of 4 KiB in the naturally aligned block that holds the address (the address's low AM page
/// bits are ignored). A large page that overlaps the block is invalidated whole. Device-TLB invalidations
/// use the same form here (VT-d encodes their size in the address with an S bit).
/// </remarks>
public readonly struct InvalidationDescriptor
{
    /// <summary>The largest address mask: 2^45 pages of 4 KiB cover a 57-bit IOVA space.</summary>
    public const int MaxAddressMask = 45;

    private InvalidationDescriptor(InvalidationKind kind, int domainId = 0, ushort requesterId = 0, ulong address = 0,
        int addressMask = 0, bool leafOnly = false, Action<object?>? onComplete = null, object? state = null)
    {
        Kind = kind;
        DomainId = domainId;
        RequesterId = requesterId;
        Address = address;
        AddressMask = addressMask;
        LeafOnly = leafOnly;
        OnComplete = onComplete;
        State = state;
    }

    /// <summary>Which descriptor.</summary>
    public InvalidationKind Kind { get; }
    /// <summary>The domain, for domain- and page-selective kinds.</summary>
    public int DomainId { get; }
    /// <summary>The requester, for <see cref="InvalidationKind.ContextDevice"/> and <see cref="InvalidationKind.DeviceTlb"/>.</summary>
    public ushort RequesterId { get; }
    /// <summary>An address in the block (page-selective and device-TLB kinds), or the first index (interrupt-entry-cache index kind).</summary>
    public ulong Address { get; }
    /// <summary>log2 of the number of pages (or interrupt entries) covered.</summary>
    public int AddressMask { get; }
    /// <summary>VT-d's invalidation hint (IH): only leaf entries changed, so walk caches are kept.</summary>
    public bool LeafOnly { get; }
    /// <summary>For <see cref="InvalidationKind.Wait"/>: called when the wait completes.</summary>
    public Action<object?>? OnComplete { get; }
    /// <summary>For <see cref="InvalidationKind.Wait"/>: passed to <see cref="OnComplete"/>.</summary>
    public object? State { get; }

    /// <summary>First byte of the block a page-selective or device-TLB descriptor covers.</summary>
    public ulong RangeStart => Address & ~(RangeBytes - 1);
    /// <summary>Bytes the block covers: 4 KiB × 2^<see cref="AddressMask"/>.</summary>
    public ulong RangeBytes => (ulong)PageTableFormat.TableSize.Bytes << AddressMask;

    /// <summary>Invalidates the whole context cache.</summary>
    public static InvalidationDescriptor ContextGlobal() => new(InvalidationKind.ContextGlobal);
    /// <summary>Invalidates context-cache entries naming <paramref name="domainId"/>.</summary>
    public static InvalidationDescriptor ContextDomain(int domainId) => new(InvalidationKind.ContextDomain, CheckDomain(domainId));
    /// <summary>Invalidates the context-cache entry of <paramref name="requesterId"/>.</summary>
    public static InvalidationDescriptor ContextDevice(ushort requesterId) => new(InvalidationKind.ContextDevice, requesterId: requesterId);
    /// <summary>Invalidates every IOTLB and walk-cache entry.</summary>
    public static InvalidationDescriptor IotlbGlobal() => new(InvalidationKind.IotlbGlobal);
    /// <summary>Invalidates every IOTLB and walk-cache entry of <paramref name="domainId"/>.</summary>
    public static InvalidationDescriptor IotlbDomain(int domainId) => new(InvalidationKind.IotlbDomain, CheckDomain(domainId));

    /// <summary>Invalidates the IOTLB entries of <paramref name="domainId"/> in the 2^<paramref name="addressMask"/>-page block holding <paramref name="address"/>.</summary>
    /// <param name="domainId">The domain.</param>
    /// <param name="address">Any address in the block.</param>
    /// <param name="addressMask">log2 of the block's pages (VT-d's AM).</param>
    /// <param name="leafOnly">VT-d's IH: only leaves changed, keep the walk caches.</param>
    public static InvalidationDescriptor IotlbPage(int domainId, ulong address, int addressMask, bool leafOnly = false) =>
        new(InvalidationKind.IotlbPage, CheckDomain(domainId), address: address, addressMask: CheckMask(addressMask), leafOnly: leafOnly);

    /// <summary>
    /// The page-selective descriptor whose block is the smallest aligned one covering [<paramref name="iova"/>,
    /// iova + <paramref name="size"/>): one descriptor per unmap, over-invalidating rather than issuing many,
    /// as Linux's VT-d driver does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero or the range passes the 57-bit space.</exception>
    public static InvalidationDescriptor IotlbRange(int domainId, ulong iova, ulong size, bool leafOnly = false) =>
        IotlbPage(domainId, iova, CoveringMask(iova, size), leafOnly);

    /// <summary>Invalidates <paramref name="requesterId"/>'s ATC entries in the 2^<paramref name="addressMask"/>-page block holding <paramref name="address"/>.</summary>
    public static InvalidationDescriptor DeviceTlb(ushort requesterId, ulong address, int addressMask) =>
        new(InvalidationKind.DeviceTlb, requesterId: requesterId, address: address, addressMask: CheckMask(addressMask));

    /// <summary>The device-TLB descriptor whose block is the smallest aligned one covering the range.</summary>
    public static InvalidationDescriptor DeviceTlbRange(ushort requesterId, ulong iova, ulong size) =>
        DeviceTlb(requesterId, iova, CoveringMask(iova, size));

    /// <summary>Invalidates the whole interrupt entry cache.</summary>
    public static InvalidationDescriptor InterruptEntryCacheGlobal() => new(InvalidationKind.InterruptEntryCacheGlobal);

    /// <summary>Invalidates 2^<paramref name="indexMask"/> interrupt-entry-cache entries from <paramref name="index"/>.</summary>
    public static InvalidationDescriptor InterruptEntryCacheIndex(int index, int indexMask)
    {
        if (index is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(index), index, "interrupt remapping table indexes are 16-bit");
        if (indexMask is < 0 or > 16)
            throw new ArgumentOutOfRangeException(nameof(indexMask), indexMask, "an index mask is 0 to 16");
        return new(InvalidationKind.InterruptEntryCacheIndex, address: (ulong)index, addressMask: indexMask);
    }

    /// <summary>A wait descriptor: <paramref name="onComplete"/>(<paramref name="state"/>) runs when every earlier descriptor is done.</summary>
    public static InvalidationDescriptor Wait(Action<object?> onComplete, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(onComplete);
        return new(InvalidationKind.Wait, onComplete: onComplete, state: state);
    }

    /// <summary>The smallest address mask whose aligned block covers [<paramref name="iova"/>, iova + <paramref name="size"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero or the range passes the 57-bit space.</exception>
    public static int CoveringMask(ulong iova, ulong size)
    {
        if (size == 0) throw new ArgumentOutOfRangeException(nameof(size), "an invalidation range needs at least one byte");
        ulong last = iova + size - 1;
        if (last < iova) throw new ArgumentOutOfRangeException(nameof(size), "the range wraps around the address space");
        for (int mask = 0; mask <= MaxAddressMask; mask++)
        {
            int shift = PageTableFormat.BasePageShift + mask;
            if (iova >> shift == last >> shift) return mask;
        }
        throw new ArgumentOutOfRangeException(nameof(size), $"[0x{iova:x}, 0x{last:x}] passes the 57-bit IOVA space");
    }

    private static int CheckDomain(int domainId) => domainId is >= 0 and <= Domain.MaxId
        ? domainId
        : throw new ArgumentOutOfRangeException(nameof(domainId), domainId, $"domain ids are 0 to {Domain.MaxId}");

    private static int CheckMask(int mask) => mask is >= 0 and <= MaxAddressMask
        ? mask
        : throw new ArgumentOutOfRangeException(nameof(mask), mask, $"an address mask is 0 to {MaxAddressMask}");
}
