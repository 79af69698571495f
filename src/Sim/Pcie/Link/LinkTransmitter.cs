using IommuSim.Kernel;
using IommuSim.Units;

namespace IommuSim.Pcie;

/// <summary>
/// One direction of a link as a first-come, first-served server of bytes with a virtual clock: a transmission
/// starts when the previous one has left, or at once on an idle link, and takes its bytes over the rate. No event
/// is scheduled per TLP; the caller learns when its last byte has crossed and schedules what follows.
/// </summary>
/// <remarks>
/// The clock is kept exactly, in picoseconds times bits per second, so that back-to-back transmissions add up to
/// the exact time of their bytes (no rounding per transmission); only the returned time is rounded up to a whole
/// picosecond (the last byte has not crossed before). Transmissions must be offered in non-decreasing time.
/// </remarks>
public sealed class LinkTransmitter
{
    private const long BitPsPerByte = 8 * SimTime.PsPerS;

    private readonly long _bps;
    // The free-at time exactly: _freePs whole picoseconds plus _freeRem / bps of one (0 <= _freeRem < bps), so that
    // no call divides a 128-bit number.
    private long _freePs;
    private long _freeRem;
    private long _runStartPs;      // start of the busy run that ends at the free-at time
    private Int128 _busy;          // ps × bps, in the window, including transmissions still ahead of the clock
    private long _windowStartPs;
    private long _lastPs;

    /// <summary>Creates an idle direction of <paramref name="rate"/>, its window starting at <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is zero.</exception>
    public LinkTransmitter(BitRate rate, SimTime start = default)
    {
        if (rate.BitsPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(rate), rate, "a link direction needs a positive rate");
        Rate = rate;
        _bps = rate.BitsPerSecond;
        _windowStartPs = _lastPs = start.Picoseconds;
        _freePs = start.Picoseconds;
    }

    /// <summary>The rate at which bytes cross.</summary>
    public BitRate Rate { get; }

    /// <summary>When the last byte offered so far will have crossed (the past when the link is idle).</summary>
    public SimTime FreeAt => new(_freePs + (_freeRem > 0 ? 1 : 0));

    /// <summary>Transmissions offered in the window.</summary>
    public long Transmissions { get; private set; }

    /// <summary>Bytes offered in the window.</summary>
    public long Bytes { get; private set; }

    /// <summary>How long <paramref name="wireBytes"/> take on the link, rounded up to a picosecond.</summary>
    public SimTime Duration(long wireBytes)
    {
        long whole = Split(wireBytes, out long rem);
        return new SimTime(whole + (rem > 0 ? 1 : 0));
    }

    /// <summary>Start of the window (construction or <see cref="ResetStatistics"/>).</summary>
    public SimTime WindowStart => new(_windowStartPs);

    /// <summary>
    /// Offers <paramref name="wireBytes"/> at <paramref name="now"/>; returns when the last of them has crossed:
    /// max(now, free at) + bytes / rate. Offers are served in the order of the calls: a device's DMA engine queues
    /// TLPs in order, so an offer dated before an earlier one (a read issued now behind a write that waits for
    /// credits until later) goes after it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative bytes.</exception>
    public SimTime Transmit(SimTime now, long wireBytes)
    {
        if (wireBytes < 0) throw new ArgumentOutOfRangeException(nameof(wireBytes), wireBytes, "cannot transmit a negative number of bytes");
        long nowPs = now.Picoseconds;
        if (nowPs > _lastPs) _lastPs = nowPs;
        if (_freePs < nowPs)
        {
            _freePs = nowPs;
            _freeRem = 0;
            _runStartPs = nowPs;
        }
        long whole = Split(wireBytes, out long rem);
        _freePs += whole;
        _freeRem += rem;
        if (_freeRem >= _bps)
        {
            _freeRem -= _bps;
            _freePs++;
        }
        _busy += (Int128)wireBytes * BitPsPerByte;
        Transmissions++;
        Bytes += wireBytes;
        return new SimTime(_freePs + (_freeRem > 0 ? 1 : 0));
    }

    /// <summary>Time the link was busy in the window up to <paramref name="now"/> (transmissions still ahead count only up to it).</summary>
    public SimTime BusyTime(SimTime now)
    {
        Int128 ahead = FreeAtScaled - (Int128)Math.Max(now.Picoseconds, _runStartPs) * _bps;
        Int128 busy = ahead > 0 ? _busy - ahead : _busy;
        if (busy < 0) busy = 0;
        return new SimTime((long)(busy / _bps));
    }

    /// <summary>Busy time over the window's length up to <paramref name="now"/>; 0 for an empty window.</summary>
    public double Utilisation(SimTime now)
    {
        long elapsed = now.Picoseconds - _windowStartPs;
        return elapsed > 0 ? BusyTime(now).Picoseconds / (double)elapsed : 0;
    }

    /// <summary>Starts a new window at <paramref name="now"/> (end of warm-up); bytes still queued count in it.</summary>
    public void ResetStatistics(SimTime now)
    {
        Int128 ahead = FreeAtScaled - (Int128)Math.Max(now.Picoseconds, _runStartPs) * _bps;
        _busy = ahead > 0 ? ahead : 0;
        _windowStartPs = now.Picoseconds;
        if (now.Picoseconds > _lastPs) _lastPs = now.Picoseconds;
        Transmissions = 0;
        Bytes = 0;
    }

    private Int128 FreeAtScaled => (Int128)_freePs * _bps + _freeRem;

    // bytes × 8 × 10^12 / bps as whole picoseconds and a remainder; 64-bit for any TLP, 128-bit beyond 1 MB.
    private long Split(long wireBytes, out long rem)
    {
        if (wireBytes < 1_000_000) return Math.DivRem(wireBytes * BitPsPerByte, _bps, out rem);
        var q = Int128.DivRem((Int128)wireBytes * BitPsPerByte, _bps);
        rem = (long)q.Remainder;
        return (long)q.Quotient;
    }
}
