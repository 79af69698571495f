using IommuSim.Kernel;
using IommuSim.Kernel.Statistics;

namespace IommuSim.Devices.Nic;

/// <summary>
/// The NIC's on-chip receive packet buffer: a frame holds its bytes from its arrival until the last TLP of its DMA has
/// left the device. Drain times are computed ahead (the link is a FIFO), so they arrive in order and are applied when
/// the clock passes them; a frame whose DMA waits (for a descriptor or for credits) holds its bytes until then.
/// </summary>
public sealed class RxFifo
{
    private long[] _drainPs = new long[256];
    private int[] _bytes = new int[256];
    private int _head;
    private int _count;
    private long _lastDrainPs;
    private readonly TimeWeightedMonitor _frames;
    private readonly TimeWeightedMonitor _occupancy;

    /// <summary>Creates an empty buffer of <paramref name="capacity"/> bytes, observed from <paramref name="start"/>.</summary>
    public RxFifo(long capacity, SimTime start)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _frames = new TimeWeightedMonitor(start);
        _occupancy = new TimeWeightedMonitor(start);
    }

    /// <summary>Bytes the buffer holds.</summary>
    public long Capacity { get; }

    /// <summary>Bytes held at the last update.</summary>
    public long Bytes { get; private set; }

    /// <summary>Frames held at the last update.</summary>
    public int Frames { get; private set; }

    /// <summary>When the next frame whose drain is known leaves, in picoseconds; <see cref="long.MaxValue"/> when none is known.</summary>
    public long NextDrainPs => _count > 0 ? _drainPs[_head] : long.MaxValue;

    /// <summary>Largest number of bytes held since the window started.</summary>
    public double MaxBytes => _occupancy.Max;

    /// <summary>Time-averaged frames held since the window started, up to <paramref name="now"/>.</summary>
    public double MeanFrames(SimTime now)
    {
        Advance(now.Picoseconds);
        return _frames.Mean(now);
    }

    /// <summary>Time-averaged bytes held since the window started, up to <paramref name="now"/>.</summary>
    public double MeanBytes(SimTime now)
    {
        Advance(now.Picoseconds);
        return _occupancy.Mean(now);
    }

    /// <summary>Takes in a frame of <paramref name="bytes"/> arriving at <paramref name="now"/>; false (a drop) when it does not fit.</summary>
    public bool TryAdmit(SimTime now, int bytes)
    {
        Advance(now.Picoseconds);
        if (Bytes + bytes > Capacity) return false;
        Bytes += bytes;
        Frames++;
        _frames.Update(now, Frames);
        _occupancy.Update(now, Bytes);
        return true;
    }

    /// <summary>The frame of <paramref name="bytes"/> leaves at <paramref name="drainPs"/> (not before the drains given before it).</summary>
    public void Drains(long drainPs, int bytes)
    {
        if (drainPs < _lastDrainPs) drainPs = _lastDrainPs;
        _lastDrainPs = drainPs;
        if (_count == _drainPs.Length)
        {
            var d = new long[_count * 2];
            var b = new int[_count * 2];
            for (int k = 0; k < _count; k++)
            {
                d[k] = _drainPs[(_head + k) & (_drainPs.Length - 1)];
                b[k] = _bytes[(_head + k) & (_drainPs.Length - 1)];
            }
            _drainPs = d;
            _bytes = b;
            _head = 0;
        }
        int i = (_head + _count) & (_drainPs.Length - 1);
        _drainPs[i] = drainPs;
        _bytes[i] = bytes;
        _count++;
    }

    /// <summary>Starts a new window at <paramref name="now"/> (end of warm-up); what is held stays.</summary>
    public void ResetStatistics(SimTime now)
    {
        Advance(now.Picoseconds);
        _frames.Reset(now);
        _occupancy.Reset(now);
    }

    private void Advance(long nowPs)
    {
        while (_count > 0 && _drainPs[_head] <= nowPs)
        {
            var at = new SimTime(Math.Max(_drainPs[_head], _frames.LastUpdate.Picoseconds));
            Bytes -= _bytes[_head];
            Frames--;
            _frames.Update(at, Frames);
            _occupancy.Update(at, Bytes);
            _head = (_head + 1) & (_drainPs.Length - 1);
            _count--;
        }
    }
}
