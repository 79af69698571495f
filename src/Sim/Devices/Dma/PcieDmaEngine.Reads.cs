using IommuSim.Iommu;
using IommuSim.Kernel;

namespace IommuSim.Devices;

public sealed partial class PcieDmaEngine
{
    private static readonly Action<object?, long> ReadArrived = static (s, slot) => ((PcieDmaEngine)s!).OnReadArrived((int)slot);

    private struct PendingRead
    {
        public IDmaClient Client;
        public long Token;
        public ulong Address;
        public int Bytes;
        public long StartPs;
        public long ReadyPs;
        public long TranslatedPs;
        public int Pending;
        public int Hits;
        public int Misses;
        public int Completions;
        public bool Issuing;
        public bool Faulted;
    }

    private PendingRead[] _reads = new PendingRead[32];
    private int[] _freeReads = new int[32];
    private int _freeReadCount;
    private readonly SlotQueue _tagWaiters = new();
    private int _readsInFlight;
    private long _tagWaits;
    private double _tagHeldPs;

    private void InitReads()
    {
        for (int i = _freeReads.Length - 1; i >= 0; i--) _freeReads[_freeReadCount++] = i;
    }

    /// <summary>Reads that found every tag in use and waited, since the window started.</summary>
    public long TagWaits => _tagWaits;

    /// <summary>Reads in flight now (each holds a tag).</summary>
    public int ReadsInFlight => _readsInFlight;

    /// <summary>Mean tags held since the window started (reads' tag time over the window, counted at completion).</summary>
    public double MeanTagsHeld
    {
        get
        {
            long window = _sim.Now.Picoseconds - _windowStartPs;
            return window <= 0 ? 0 : _tagHeldPs / window;
        }
    }

    private void ResetReadStatistics()
    {
        _tagWaits = 0;
        _tagHeldPs = 0;
    }

    /// <summary>
    /// Starts a DMA read of <paramref name="bytes"/> at DMA address <paramref name="address"/>; <paramref name="client"/>
    /// hears when the data has arrived in the device (or the read failed), never before this call returns.
    /// </summary>
    public void Read(ulong address, int bytes, IDmaClient client, long token)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        int slot = RentRead();
        _reads[slot] = new PendingRead { Client = client, Token = token, Address = address, Bytes = bytes, StartPs = _sim.Now.Picoseconds };
        if (_readsInFlight < _t.ReadSlots && _tagWaiters.Count == 0) StartRead(slot);
        else
        {
            _tagWaits++;
            _tagWaiters.Enqueue(slot);
        }
    }

    private void StartRead(int slot)
    {
        _readsInFlight++;
        long now = _sim.Now.Picoseconds;
        ref var r = ref _reads[slot];
        r.Issuing = true;
        long issue = IssueAt(now);
        ulong end = r.Address + (ulong)r.Bytes;
        ulong mrrs = (ulong)_t.MaxReadRequest;
        r.ReadyPs = issue;
        r.TranslatedPs = issue;
        for (ulong piece = r.Address; piece < end; piece = (piece & ~(Page - 1)) + Page)
        {
            ulong pieceEnd = Math.Min(end, (piece & ~(Page - 1)) + Page);
            // Requests split at MRRS-aligned addresses within the piece.
            long requests = (long)((pieceEnd - 1) / mrrs - piece / mrrs + 1);
            long arrived = TransmitUp(issue, requests * _t.ReadRequestBytes) + _t.OneWayLatencyPs;
            UpstreamTlps += requests;
            r = ref _reads[slot];
            if (_iommu is null)
            {
                Ready(ref r, arrived, arrived);
                continue;
            }
            r.Pending++;
            var pending = new Walk { Slot = slot, Read = true, OffsetPs = arrived - now };
            if (Lookup(piece & ~(Page - 1), AccessKind.Read, pending, out long latency, out bool ok))
            {
                r = ref _reads[slot];
                r.Pending--;
                r.Hits++;
                if (!ok) r.Faulted = true;
                Ready(ref r, arrived + latency, arrived + latency);
            }
        }
        r = ref _reads[slot];
        r.Completions = CompletionCount(r.Address, r.Bytes);
        r.Issuing = false;
        if (r.Pending == 0) Return(slot);
    }

    private void Ready(ref PendingRead r, long translatedPs, long fromPs)
    {
        bool cached = _t.CacheReadProbability > 0 && _cache.NextBernoulli(_t.CacheReadProbability);
        long ready = fromPs + (cached ? _t.CacheReadPs : _t.MemoryReadPs);
        if (ready > r.ReadyPs) r.ReadyPs = ready;
        if (translatedPs > r.TranslatedPs) r.TranslatedPs = translatedPs;
    }

    private void OnReadTranslated(int slot, long translatedPs, bool succeeded)
    {
        ref var r = ref _reads[slot];
        r.Pending--;
        r.Misses++;
        if (!succeeded) r.Faulted = true;
        Ready(ref r, translatedPs, translatedPs);
        if (r.Pending == 0 && !r.Issuing) Return(slot);
    }

    // The completions come back downstream once all the data is ready; a failed read returns one completion without data.
    private void Return(int slot)
    {
        ref var r = ref _reads[slot];
        long wire = r.Faulted ? _t.CompletionOverheadBytes : r.Bytes + (long)r.Completions * _t.CompletionOverheadBytes;
        long arrived = TransmitDown(r.ReadyPs, wire) + _t.OneWayLatencyPs;
        _sim.Schedule(new SimTime(arrived - _sim.Now.Picoseconds), ReadArrived, this, slot);
    }

    private void OnReadArrived(int slot)
    {
        var r = _reads[slot];
        _reads[slot].Client = null!;
        _freeReads[_freeReadCount++] = slot;
        _readsInFlight--;
        long now = _sim.Now.Picoseconds;
        _tagHeldPs += now - Math.Max(r.StartPs, _windowStartPs);
        DownstreamTlps += r.Faulted ? 1 : r.Completions;
        if (!r.Faulted) BytesRead += r.Bytes;
        if (_tagWaiters.Count > 0) StartRead(_tagWaiters.Dequeue());
        r.Client.OnDmaDone(r.Token, new DmaOutcome(r.Faulted, r.StartPs, r.TranslatedPs, r.Hits, r.Misses));
    }

    // Completions of one request split at Read Completion Boundary multiples, each at most Max Payload Size
    // (PCIe Base Spec 5.0, §2.3.1.1); requests split at MRRS-aligned addresses and never cross 4 KiB.
    private int CompletionCount(ulong address, int bytes)
    {
        ulong end = address + (ulong)bytes;
        ulong mrrs = (ulong)_t.MaxReadRequest, rcb = (ulong)_t.ReadCompletionBoundary, mps = (ulong)_t.MaxPayload;
        int count = 0;
        for (ulong request = address; request < end; request = Math.Min(end, (request / mrrs + 1) * mrrs))
        {
            ulong requestEnd = Math.Min(end, (request / mrrs + 1) * mrrs);
            // The first completion runs to the first RCB boundary that keeps it within MPS; the rest are MPS each.
            ulong first = Math.Min(requestEnd, (request + mps) / rcb * rcb);
            if (first <= request) first = Math.Min(requestEnd, (request / rcb + 1) * rcb);
            count += 1 + (int)((requestEnd - first + mps - 1) / mps);
        }
        return count;
    }

    private int RentRead()
    {
        if (_freeReadCount == 0)
        {
            int old = _reads.Length;
            Array.Resize(ref _reads, old * 2);
            Array.Resize(ref _freeReads, old * 2);
            for (int i = 2 * old - 1; i >= old; i--) _freeReads[_freeReadCount++] = i;
        }
        return _freeReads[--_freeReadCount];
    }
}
