using IommuSim.Host;

namespace IommuSim.Devices.Nic;

/// <summary>
/// The buffers a receive queue's driver puts on its ring, by descriptor sequence number, and how they are mapped:
/// page_pool pages recycled in order (mapped once), flipped half pages (mapped once), or buffers mapped with
/// dma_map_single at refill and unmapped at receive.
/// </summary>
public sealed class RxBufferSupply
{
    private const int HalfPage = 2048;

    private readonly RxBuffering _kind;
    private readonly ulong[] _pages;
    private readonly int _ring;
    private readonly ulong _physical;
    private readonly ulong[] _mapped;
    private readonly DmaApi? _dma;
    private readonly DmaDevice? _device;

    private RxBufferSupply(RxBuffering kind, ulong[] pages, int ring, ulong physical, DmaApi? dma, DmaDevice? device)
    {
        _kind = kind;
        _pages = pages;
        _ring = ring;
        _physical = physical;
        _dma = dma;
        _device = device;
        _mapped = kind == RxBuffering.PerPacket ? new ulong[ring] : [];
    }

    /// <summary>Buffers mapped once: the DMA address of every 4 KiB page of the queue's pool (or of its flipped pages).</summary>
    public static RxBufferSupply Premapped(RxBuffering kind, ulong[] pageAddresses, int ring)
    {
        if (kind == RxBuffering.PerPacket) throw new ArgumentException("per-packet buffers are mapped one by one", nameof(kind));
        return new RxBufferSupply(kind, pageAddresses, ring, 0, null, null);
    }

    /// <summary>Buffers of 2 KiB at <paramref name="physical"/> (two per descriptor, used in turn), mapped when refilled.</summary>
    public static RxBufferSupply PerPacket(ulong physical, int ring, DmaApi dma, DmaDevice device) =>
        new(RxBuffering.PerPacket, [], ring, physical, dma, device);

    /// <summary>True when a received buffer is unmapped before its frame goes up the stack (per-packet buffers).</summary>
    public bool UnmapsOnReceive => _kind == RxBuffering.PerPacket;

    /// <summary>Distinct 4 KiB pages the NIC writes into (the IOTLB's working set); 0 for per-packet buffers, whose IOVAs come and go.</summary>
    public int Pages => _pages.Length;

    /// <summary>The DMA address of the buffer descriptor <paramref name="descriptor"/> holds.</summary>
    public ulong AddressOf(long descriptor) => _kind switch
    {
        // page_pool recycles pages in the order they come back, which is ring order here.
        RxBuffering.PagePool => _pages[descriptor % _pages.Length],
        // Each descriptor keeps its page; the half it offers flips every time the descriptor comes round.
        RxBuffering.PageFlip => _pages[descriptor % _ring] + (ulong)(descriptor / _ring % 2) * HalfPage,
        _ => _mapped[descriptor % _ring],
    };

    /// <summary>
    /// The driver puts a buffer on descriptor <paramref name="descriptor"/>, on <paramref name="cpu"/>, which it holds;
    /// <paramref name="costPs"/> is the CPU time it took (a dma_map_single for per-packet buffers; page recycling is in
    /// the per-frame cost). False when the map failed (IOVA space exhausted): the descriptor stays empty for now.
    /// </summary>
    public bool TryRefill(long descriptor, int cpu, out long costPs)
    {
        costPs = 0;
        if (_kind != RxBuffering.PerPacket) return true;
        ulong paddr = _physical + (ulong)(descriptor % (2L * _ring)) * HalfPage;
        bool ok = _dma!.TryMapSingle(_device!, cpu, paddr, HalfPage, DmaDataDirection.FromDevice, out ulong iova, out var cost);
        costPs = cost.Picoseconds;
        if (ok) _mapped[descriptor % _ring] = iova;
        return ok;
    }

    /// <summary>dma_unmap_single of descriptor <paramref name="descriptor"/>'s buffer on <paramref name="cpu"/>; <paramref name="onReturn"/> runs when the call returns.</summary>
    public void Unmap(long descriptor, int cpu, Action<object?, long> onReturn, object? state, long arg) =>
        _dma!.UnmapSingle(_device!, cpu, _mapped[descriptor % _ring], HalfPage, DmaDataDirection.FromDevice, onReturn, state, arg);
}
