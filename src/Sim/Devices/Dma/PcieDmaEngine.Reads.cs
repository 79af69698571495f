using IommuSim.Iommu;
using IommuSim.Kernel;

namespace IommuSim.Devices;

public sealed partial class PcieDmaEngine
{
    private static readonly Action<object?, long> ReadArrived = static (s, slot) => ((PcieDmaEngine)s!).OnReadArrived((int)slot);

    private static readonly Action<object?, long> TagsGranted = static (s, slot) => ((PcieDmaEngine)s!).OnTagsGranted((int)slot);
    private static readonly Action<object?, long> LinesGranted = static (s, slot) => ((PcieDmaEngine)s!).StartRead((int)slot);
    private static readonly Action<object?, long> CompletionsLeft = static (s, lines) => ((PcieDmaEngine)s!)._readLines.Release((int)lines);

    private struct PendingRead
    {
        public IDmaClient Client;
        public long Token;
        public ulong Address;
        public int Bytes;
        public int Requests;
        public int Lines;
        public long Completions;
        public long CompletionBytes;
        public long StartPs;
        public long ReadyPs;
        public long TranslatedPs;
        public int Pending;
        public int Hits;
        public int Misses;
        public bool Issuing;
        public bool Faulted;
    }

    private readonly SlotPool<PendingRead> _reads = new(32);
    private int _readsInFlight;
    private double _readHeldPs;

    /// <summary>Reads in flight now (each holds a tag per request TLP and its lines of the root port's read buffer).</summary>
    public int ReadsInFlight => _readsInFlight;

    /// <summary>Reads that waited for tags, since the window started.</summary>
    public long TagWaits => _link.Tags.Waits;

    /// <summary>Reads that waited for read-buffer lines in the root port, since the window started.</summary>
    public long ReadBufferWaits => _readLines.Waits;

    /// <summary>Mean reads in flight since the window started, from each read's issue to its data's arrival (counted at arrival).</summary>
    public double MeanReadsInFlight
    {
        get
        {
            long window = _sim.Now.Picoseconds - _windowStartPs;
            return window <= 0 ? 0 : _readHeldPs / window;
        }
    }

    private void ResetReadStatistics() => _readHeldPs = 0;

    /// <summary>
    /// Starts a DMA read of <paramref name="bytes"/> at DMA address <paramref name="address"/>; <paramref name="client"/>
    /// hears when the data has arrived in the device (or the read failed), never before this call returns. The read
    /// takes a tag per request TLP (at most all of them) and a line of the root port's read buffer per 64 B (at most
    /// all of them) before it is issued; both are taken in order.
    /// </summary>
    public void Read(ulong address, int bytes, IDmaClient client, long token)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        int slot = _reads.Rent();
        var traffic = _tlps.Read(address, bytes);
        int lines = (int)Math.Min((ulong)_readLines.Capacity, ((address + (ulong)bytes - 1) / 64) - (address / 64) + 1);
        _reads[slot] = new PendingRead
        {
            Client = client, Token = token, Address = address, Bytes = bytes, StartPs = _sim.Now.Picoseconds,
            Requests = (int)Math.Min((long)_link.Tags.Capacity, traffic.Requests.Count), Lines = lines,
            Completions = traffic.Completions.Count, CompletionBytes = traffic.Completions.WireBytes,
        };
        if (_link.Tags.QueueLength == 0 && _link.Tags.TryAcquire(_reads[slot].Requests)) OnTagsGranted(slot);
        else _link.Tags.Acquire(_reads[slot].Requests, TagsGranted, this, slot);
    }

    private void OnTagsGranted(int slot)
    {
        int lines = _reads[slot].Lines;
        if (_readLines.QueueLength == 0 && _readLines.TryAcquire(lines)) StartRead(slot);
        else _readLines.Acquire(lines, LinesGranted, this, slot);
    }

    private void StartRead(int slot)
    {
        _readsInFlight++;
        long now = _sim.Now.Picoseconds;
        ref var r = ref _reads[slot];
        r.Issuing = true;
        long issue = IssueAt(now);
        ulong end = r.Address + (ulong)r.Bytes;
        ulong mrrs = (ulong)_link.Parameters.MaxReadRequest.Bytes;
        r.ReadyPs = issue;
        r.TranslatedPs = issue;
        for (ulong piece = r.Address; piece < end; piece = (piece | (Page - 1)) + 1)
        {
            ulong pieceEnd = Math.Min(end, (piece | (Page - 1)) + 1);
            long requests = ((long)(pieceEnd - piece) + (long)mrrs - 1) / (long)mrrs;
            long arrived = SendRequests(issue, requests * _tlps.RequestOverhead(piece)) + _latencyPs;
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
        r.Issuing = false;
        if (r.Pending == 0) Return(slot);
    }

    // Read requests come from the device's own engines (descriptor and command fetch, data reads), not from behind
    // the posted writes its data engine has yet to send: they go out between two TLPs on the wire, waiting at most for
    // the one being sent, while their bytes still take the link's time from the writes.
    private long SendRequests(long issuePs, long wireBytes)
    {
        long backlog = _up.FreeAt.Picoseconds;
        long inFifo = TransmitUp(issuePs, wireBytes);
        long between = issuePs + _up.Duration(wireBytes).Picoseconds + (backlog > issuePs ? _largestTlpPs : 0);
        return Math.Min(inFifo, between);
    }

    private void Ready(ref PendingRead r, long translatedPs, long fromPs)
    {
        bool cached = _cacheReadProbability > 0 && _cache.NextBernoulli(_cacheReadProbability);
        long ready = fromPs + (cached ? _cacheReadPs : _memoryReadPs);
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

    // The completions go downstream once all the data is ready (a failed read returns one completion without
    // data); the root port's read lines are free when the last has left, the tags when it has arrived.
    private void Return(int slot)
    {
        ref var r = ref _reads[slot];
        long wire = r.Faulted ? _tlps.Header3DwBytes : r.CompletionBytes;
        long left = TransmitDown(r.ReadyPs, wire);
        long now = _sim.Now.Picoseconds;
        _sim.Schedule(new SimTime(left - now), CompletionsLeft, this, r.Lines);
        _sim.Schedule(new SimTime(left + _latencyPs - now), ReadArrived, this, slot);
    }

    private void OnReadArrived(int slot)
    {
        var r = _reads[slot];
        _reads.Return(slot);
        _readsInFlight--;
        _link.Tags.Release(r.Requests);
        long now = _sim.Now.Picoseconds;
        _readHeldPs += now - Math.Max(r.StartPs, _windowStartPs);
        DownstreamTlps += r.Faulted ? 1 : r.Completions;
        if (!r.Faulted) BytesRead += r.Bytes;
        r.Client.OnDmaDone(r.Token, new DmaOutcome(r.Faulted, r.StartPs, r.TranslatedPs, r.Hits, r.Misses));
    }
}
