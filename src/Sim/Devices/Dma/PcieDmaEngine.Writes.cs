using IommuSim.Iommu;
using IommuSim.Pcie;

namespace IommuSim.Devices;

/// <summary>How far <see cref="PcieDmaEngine.TryWrite"/> got at once.</summary>
public enum WriteStatus
{
    /// <summary>Every TLP is sent and retired: the timing is complete.</summary>
    Retired,

    /// <summary>Every TLP is sent (the timing's drain time holds); the retire time follows by <see cref="IPostedWriteClient.OnWriteRetired"/>.</summary>
    Drained,

    /// <summary>The write waits for credits; both times follow by callback.</summary>
    Blocked,
}

public sealed partial class PcieDmaEngine
{
    private struct PendingWrite
    {
        public IPostedWriteClient Client;
        public long Token;
        public ulong Next;
        public ulong End;
        public long ReadyPs;
        public long DrainedPs;
        public long WritePs;
        public long LastTicket;
        public bool Translate;
        public bool Started;
        public bool Faulted;
    }

    private PendingWrite[] _writes = new PendingWrite[64];
    private int[] _freeWrites = new int[64];
    private int _freeWriteCount;
    private readonly SlotQueue _blocked = new();
    private readonly SlotQueue _retiring = new();

    private void InitWrites()
    {
        for (int i = _freeWrites.Length - 1; i >= 0; i--) _freeWrites[_freeWriteCount++] = i;
    }

    /// <summary>Posted writes waiting for credits.</summary>
    public int BlockedWrites => _blocked.Count;

    /// <summary>
    /// Issues a posted write of <paramref name="bytes"/> at DMA address <paramref name="address"/>. What is known at once
    /// is in <paramref name="timing"/>; the rest reaches <paramref name="client"/> with <paramref name="token"/>.
    /// </summary>
    /// <param name="address">The DMA address (an IOVA when translated).</param>
    /// <param name="bytes">Payload bytes, at least 1.</param>
    /// <param name="client">Hears of the times not known at once.</param>
    /// <param name="token">Identifies the write to the client.</param>
    /// <param name="translate">False for a write the IOMMU does not translate (an MSI message).</param>
    /// <param name="timing">The write's times, as far as <see cref="WriteStatus"/> says they are known.</param>
    public WriteStatus TryWrite(ulong address, int bytes, IPostedWriteClient client, long token, bool translate, out WriteTiming timing)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        int slot = RentWrite();
        long now = _sim.Now.Picoseconds;
        bool cached = _t.CacheWriteProbability > 0 && _cache.NextBernoulli(_t.CacheWriteProbability);
        _writes[slot] = new PendingWrite
        {
            Client = client, Token = token, Next = address, End = address + (ulong)bytes, ReadyPs = IssueAt(now),
            WritePs = cached ? _t.CacheWritePs : _t.MemoryWritePs, Translate = translate && _iommu is not null,
        };
        BytesWritten += bytes;
        if (_blocked.Count > 0 || !Advance(slot))
        {
            _blocked.Enqueue(slot);
            timing = new WriteTiming(RetireTimeline.Unknown, RetireTimeline.Unknown, false);
            return WriteStatus.Blocked;
        }
        return Drain(slot, out timing);
    }

    // Sends the write's remaining TLPs as credits allow; false when it must wait for a translation still walking.
    private bool Advance(int slot)
    {
        ref var w = ref _writes[slot];
        _buffer.Prune(_sim.Now.Picoseconds);
        ulong mps = (ulong)_t.MaxPayload;
        while (w.Next < w.End)
        {
            ulong tlpEnd = Math.Min(w.End, (w.Next / mps + 1) * mps);
            int lines = (int)((tlpEnd - 1) / 64 - w.Next / 64 + 1);
            long grant = _buffer.EarliestGrant(w.ReadyPs, lines);
            if (grant == RetireTimeline.Unknown) return false;
            long crossed = TransmitUp(grant, (long)(tlpEnd - w.Next) + _t.WriteOverheadBytes);
            long arrived = crossed + _t.OneWayLatencyPs;
            UpstreamTlps++;
            // The first TLP of each 4 KiB piece is translated; a gate in the timeline holds every later TLP until then.
            if (w.Translate && (w.Next % Page == 0 || !w.Started)) Gate(slot, ref w, arrived);
            w.Started = true;
            w.LastTicket = _buffer.Push(grant, lines, arrived + w.WritePs);
            w.ReadyPs = grant;
            w.DrainedPs = crossed;
            w.Next = tlpEnd;
        }
        return true;
    }

    private void Gate(int slot, ref PendingWrite w, long arrivedPs)
    {
        long now = _sim.Now.Picoseconds;
        var pending = new Walk { Slot = slot, OffsetPs = arrivedPs - now, GateTicket = _buffer.NextTicket, WritePs = w.WritePs };
        if (Lookup(w.Next & ~(Page - 1), AccessKind.Write, pending, out long latency, out bool ok))
        {
            if (!ok) w.Faulted = true;
            _buffer.Push(arrivedPs, 0, arrivedPs + latency + w.WritePs);
        }
        else _buffer.Push(arrivedPs, 0, RetireTimeline.Unknown);
    }

    private WriteStatus Drain(int slot, out WriteTiming timing)
    {
        ref var w = ref _writes[slot];
        long retired = _buffer.RetireOf(w.LastTicket);
        timing = new WriteTiming(w.DrainedPs, retired, w.Faulted);
        if (retired == RetireTimeline.Unknown)
        {
            _retiring.Enqueue(slot);
            return WriteStatus.Drained;
        }
        ReturnWrite(slot);
        return WriteStatus.Retired;
    }

    private void OnGateTranslated(in Walk walk, long translatedPs, bool succeeded)
    {
        if (!succeeded) _writes[walk.Slot].Faulted = true;
        _buffer.Resolve(walk.GateTicket, translatedPs + walk.WritePs);
        // Writes that waited for credits may go now; then those whose retirement was waiting may learn it.
        while (_blocked.Count > 0)
        {
            int slot = _blocked.Peek();
            if (!Advance(slot)) break;
            _blocked.Dequeue();
            ref var w = ref _writes[slot];
            w.Client.OnWriteDrained(w.Token, w.DrainedPs);
            _retiring.Enqueue(slot);
        }
        while (_retiring.Count > 0)
        {
            int slot = _retiring.Peek();
            ref var w = ref _writes[slot];
            long retired = _buffer.RetireOf(w.LastTicket);
            if (retired == RetireTimeline.Unknown) break;
            _retiring.Dequeue();
            var timing = new WriteTiming(w.DrainedPs, retired, w.Faulted);
            var client = w.Client;
            long token = w.Token;
            ReturnWrite(slot);
            client.OnWriteRetired(token, timing);
        }
    }

    private int RentWrite()
    {
        if (_freeWriteCount == 0)
        {
            int old = _writes.Length;
            Array.Resize(ref _writes, old * 2);
            Array.Resize(ref _freeWrites, old * 2);
            for (int i = 2 * old - 1; i >= old; i--) _freeWrites[_freeWriteCount++] = i;
        }
        return _freeWrites[--_freeWriteCount];
    }

    private void ReturnWrite(int slot)
    {
        _writes[slot].Client = null!;
        _freeWrites[_freeWriteCount++] = slot;
    }
}
