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

    private readonly SlotPool<PendingWrite> _writes = new(64);
    private readonly SlotQueue _blocked = new();
    private readonly SlotQueue _retiring = new();
    private long _lastEntryPs;

    /// <summary>Posted writes waiting for credits now.</summary>
    public int BlockedWrites => _blocked.Count;

    /// <summary>Posted writes that had to wait for credits behind a translation still walking, since the window started.</summary>
    public long WriteWaits { get; private set; }

    /// <summary>
    /// Issues a posted write of <paramref name="bytes"/> at DMA address <paramref name="address"/>. What is known at once
    /// is in <paramref name="timing"/>; the rest reaches <paramref name="client"/> with <paramref name="token"/>.
    /// </summary>
    /// <param name="address">The DMA address (an IOVA when translated).</param>
    /// <param name="bytes">Payload bytes, at least 1.</param>
    /// <param name="client">Hears of the times not known at once.</param>
    /// <param name="token">Identifies the write to the client.</param>
    /// <param name="interrupt">True for an MSI message: the IOMMU's interrupt remapping takes it, not DMA translation or memory.</param>
    /// <param name="timing">The write's times, as far as <see cref="WriteStatus"/> says they are known.</param>
    public WriteStatus TryWrite(ulong address, int bytes, IPostedWriteClient client, long token, bool interrupt, out WriteTiming timing)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        int slot = _writes.Rent();
        long now = _sim.Now.Picoseconds;
        bool cached = !interrupt && _cacheWriteProbability > 0 && _cache.NextBernoulli(_cacheWriteProbability);
        _writes[slot] = new PendingWrite
        {
            Client = client, Token = token, Next = address, End = address + (ulong)bytes, ReadyPs = IssueAt(now),
            WritePs = interrupt ? 0 : cached ? _cacheWritePs : _memoryWritePs, Translate = !interrupt && _iommu is not null,
        };
        if (!interrupt) BytesWritten += bytes;
        if (_blocked.Count > 0 || !Advance(slot))
        {
            WriteWaits++;
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
        long now = _sim.Now.Picoseconds;
        _buffer.Prune(now);
        while (w.Next < w.End)
        {
            // TLPs of Max Payload Size from the start, never across a 4 KiB boundary (PCIe Base Spec 5.0, §2.2.7).
            ulong tlpEnd = Math.Min(Math.Min(w.End, w.Next + _mps), (w.Next | (Page - 1)) + 1);
            int lines = (int)((tlpEnd - 1) / 64 - w.Next / 64 + 1);
            // A TLP takes its lines when it enters the root port's buffer, and holds them until it retires; the
            // device sends it so that it arrives when its lines are free (the link's flow control backs up behind a
            // full buffer), and TLPs enter in order.
            long wire = (long)(tlpEnd - w.Next) + _tlps.RequestOverhead(w.Next);
            long serialisation = _up.Duration(wire).Picoseconds;
            long start = Math.Max(w.ReadyPs, now);
            long earliest = Math.Max(start, _up.FreeAt.Picoseconds) + serialisation + _latencyPs;
            long entry = _buffer.EarliestGrant(Math.Max(earliest, _lastEntryPs), lines);
            if (entry == RetireTimeline.Unknown) return false;
            // Offered no later than the link is free, the link's clock keeps its fraction of a picosecond exact.
            long crossed = TransmitUp(entry > earliest ? entry - _latencyPs - serialisation : start, wire);
            long arrived = entry > earliest ? Math.Max(entry, crossed + _latencyPs) : Math.Max(crossed + _latencyPs, _lastEntryPs);
            _lastEntryPs = arrived;
            UpstreamTlps++;
            // The first TLP of each 4 KiB piece is translated; a gate in the timeline holds every later TLP until then.
            if (w.Translate && (w.Next % Page == 0 || !w.Started)) Gate(slot, ref w, arrived);
            w.Started = true;
            w.LastTicket = _buffer.Push(arrived, lines, arrived + w.WritePs);
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
        _writes.Return(slot);
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
            _writes.Return(slot);
            client.OnWriteRetired(token, timing);
        }
    }
}
