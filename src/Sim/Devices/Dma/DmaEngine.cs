using IommuSim.Iommu;
using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices;

/// <summary>
/// A device's DMA engine: moves a transfer between device and memory. The transfer is split at 4 KiB boundaries,
/// because a PCIe request never crosses one (PCIe Base Spec, §2.2.7); each piece is translated by the IOMMU, all in
/// parallel, and the data reaches memory (or the device) one memory latency after the last translation.
/// </summary>
/// <remarks>Transfers in flight live in a slot array indexed by the translation token: the steady state allocates nothing.</remarks>
public sealed class DmaEngine : ITranslationClient
{
    private const ulong Boundary = 4096;

    private struct Transfer
    {
        public IDmaClient Client;
        public long Token;
        public long StartPs;
        public long LatestEndPs;
        public int Pending;
        public int Hits;
        public int Misses;
        public bool Issuing;
        public bool Faulted;
    }

    private static readonly Action<object?, long> Arrived = static (s, slot) => ((DmaEngine)s!).OnDataMoved((int)slot);

    private readonly Simulation _sim;
    private readonly TranslationUnit? _iommu;
    private readonly ushort _requesterId;
    private readonly SimTime _dataLatency;
    private readonly SlotPool<Transfer> _slots = new(64);

    /// <summary>Creates the engine of the device with requester id <paramref name="requesterId"/>.</summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="iommu">The unit translating the device's DMA; null when untranslated.</param>
    /// <param name="requesterId">The PCIe requester id the IOMMU sees.</param>
    /// <param name="dataLatency">Time for the data to reach memory (or the device) once translated.</param>
    public DmaEngine(Simulation simulation, TranslationUnit? iommu, ushort requesterId, SimTime dataLatency)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _sim = simulation;
        _iommu = iommu;
        _requesterId = requesterId;
        _dataLatency = dataLatency;
    }

    /// <summary>True when the device's DMA is translated.</summary>
    public bool Translated => _iommu is not null;

    /// <summary>Pieces the IOTLB answered, counted when translated.</summary>
    public long IotlbHits { get; private set; }

    /// <summary>Pieces that needed a page walk (their own or a shared one), counted when translated.</summary>
    public long IotlbMisses { get; private set; }

    /// <summary>Per translated transfer, from its start until its last 4 KiB piece was translated, in picoseconds.</summary>
    public LogLinearHistogram TranslationLatency { get; } = new();

    /// <summary>Clears the counters and the histogram (end of warm-up); transfers in flight still complete.</summary>
    public void ResetStatistics()
    {
        IotlbHits = IotlbMisses = 0;
        TranslationLatency.Reset();
    }

    /// <summary>
    /// Starts moving <paramref name="bytes"/> at DMA address <paramref name="address"/> (a write to memory, or a read from
    /// it); <paramref name="client"/> hears of the outcome with <paramref name="token"/>, never before this call returns.
    /// </summary>
    public void Start(ulong address, int bytes, AccessKind access, IDmaClient client, long token)
    {
        ArgumentNullException.ThrowIfNull(client);
        int slot = _slots.Rent();
        long now = _sim.Now.Picoseconds;
        _slots[slot] = new Transfer { Client = client, Token = token, StartPs = now, LatestEndPs = now, Issuing = true };
        if (_iommu is not null)
        {
            ulong end = address + (ulong)bytes;
            for (ulong piece = address; piece < end; piece = (piece & ~(Boundary - 1)) + Boundary)
            {
                _slots[slot].Pending++;
                var request = new TranslationRequest(_requesterId, piece, access);
                if (_iommu.Translate(request, this, slot, out var done))
                    Account(slot, done, now + done.Latency.Total.Picoseconds);
            }
        }
        // Translate never calls back synchronously, so no slot was rented meanwhile.
        ref var t = ref _slots[slot];
        t.Issuing = false;
        if (t.Pending == 0) Conclude(slot);
    }

    /// <inheritdoc/>
    public void OnTranslated(in Translation translation, long token)
    {
        int slot = (int)token;
        Account(slot, translation, _sim.Now.Picoseconds);
        ref var t = ref _slots[slot];
        if (t.Pending == 0 && !t.Issuing) Conclude(slot);
    }

    private void Account(int slot, in Translation translation, long endPs)
    {
        ref var t = ref _slots[slot];
        t.Pending--;
        switch (translation.Source)
        {
            case TranslationSource.Iotlb: t.Hits++; IotlbHits++; break;
            case TranslationSource.PageWalk or TranslationSource.SharedWalk: t.Misses++; IotlbMisses++; break;
        }
        if (!translation.Succeeded) t.Faulted = true;
        if (endPs > t.LatestEndPs) t.LatestEndPs = endPs;
    }

    private void Conclude(int slot)
    {
        ref var t = ref _slots[slot];
        if (_iommu is not null) TranslationLatency.Record(t.LatestEndPs - t.StartPs);
        if (t.Faulted)
        {
            // The IOMMU aborts the request: no data moves.
            Finish(slot);
            return;
        }
        long delay = t.LatestEndPs - _sim.Now.Picoseconds + _dataLatency.Picoseconds;
        _sim.Schedule(new SimTime(delay), Arrived, this, slot);
    }

    private void OnDataMoved(int slot) => Finish(slot);

    private void Finish(int slot)
    {
        var t = _slots[slot];
        _slots.Return(slot);
        t.Client.OnDmaDone(t.Token, new DmaOutcome(t.Faulted, t.StartPs, _iommu is null ? t.StartPs : t.LatestEndPs, t.Hits, t.Misses));
    }
}
